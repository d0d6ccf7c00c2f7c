package dev.firn.catalog.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Principals of a warehouse, in {@code firn_principals}: the name a client authenticates as (its
 * OAuth2 client id), the hash of its secret, and whether it may sign in. Secrets themselves are
 * never stored.
 */
public final class PrincipalStore {
  private static final String COLUMNS = "principal_name, secret_hash, enabled";

  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;

  public PrincipalStore(CatalogDatabase database, String catalog, Clock clock) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** A stored principal: its name, the hash of its secret, and whether it may sign in. */
  public record StoredPrincipal(String name, String secretHash, boolean enabled) {}

  static List<String> schema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_principals ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " principal_name VARCHAR(255) NOT NULL,"
            + " secret_hash VARCHAR(128) NOT NULL,"
            + " enabled INTEGER NOT NULL,"
            + " created_at_ms BIGINT NOT NULL,"
            + " PRIMARY KEY (catalog_name, principal_name))");
  }

  /**
   * Creates a principal; false when one of that name exists already (also when another node created
   * it at the same moment).
   */
  public boolean create(String name, String secretHash) {
    return database.insertUnlessPresent(
        "Cannot create principal " + name,
        "INSERT INTO firn_principals (catalog_name, principal_name, secret_hash, enabled,"
            + " created_at_ms) VALUES (?, ?, ?, 1, ?)",
        catalog,
        name,
        secretHash,
        clock.millis());
  }

  /** The principal of that name, if there is one. */
  public Optional<StoredPrincipal> find(String name) {
    return database
        .list(
            "SELECT "
                + COLUMNS
                + " FROM firn_principals"
                + " WHERE catalog_name = ? AND principal_name = ?",
            PrincipalStore::principal,
            catalog,
            name)
        .stream()
        .findFirst();
  }

  /** Every principal, by name. */
  public List<StoredPrincipal> list() {
    return database.list(
        "SELECT "
            + COLUMNS
            + " FROM firn_principals WHERE catalog_name = ?"
            + " ORDER BY principal_name",
        PrincipalStore::principal,
        catalog);
  }

  /** Replaces a principal's secret hash; false when there is no such principal. */
  public boolean updateSecret(String name, String secretHash) {
    return update("secret_hash = ?", name, secretHash);
  }

  /** Lets a principal sign in, or stops it; false when there is no such principal. */
  public boolean setEnabled(String name, boolean enabled) {
    return update("enabled = ?", name, enabled ? 1 : 0);
  }

  private boolean update(String assignment, String name, Object value) {
    return database.change(
            "Cannot change principal " + name,
            "UPDATE firn_principals SET "
                + assignment
                + " WHERE catalog_name = ? AND principal_name = ?",
            value,
            catalog,
            name)
        == 1;
  }

  private static StoredPrincipal principal(java.sql.ResultSet row) throws java.sql.SQLException {
    return new StoredPrincipal(row.getString(1), row.getString(2), row.getInt(3) == 1);
  }
}
