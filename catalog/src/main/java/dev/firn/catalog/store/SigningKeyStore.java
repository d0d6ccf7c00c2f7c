package dev.firn.catalog.store;

import java.time.Clock;
import java.util.List;

/**
 * The keys that sign the tokens Firn's own issuer hands out, in {@code firn_signing_keys}, as JSON
 * Web Keys. Kept in the catalog database so that every node of a warehouse signs and verifies with
 * the same keys.
 */
public final class SigningKeyStore {
  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;

  public SigningKeyStore(CatalogDatabase database, String catalog, Clock clock) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
  }

  static List<String> schema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_signing_keys ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " key_id VARCHAR(64) NOT NULL,"
            + " jwk TEXT NOT NULL,"
            + " created_at_ms BIGINT NOT NULL,"
            + " PRIMARY KEY (catalog_name, key_id))");
  }

  /** Every key of the warehouse as JSON, newest first. */
  public List<String> keys() {
    return database.list(
        "SELECT jwk FROM firn_signing_keys WHERE catalog_name = ?"
            + " ORDER BY created_at_ms DESC, key_id",
        row -> row.getString(1),
        catalog);
  }

  /** Stores a new key; false when a key with that id exists. */
  public boolean add(String keyId, String jwk) {
    return database.insertUnlessPresent(
        "Cannot store signing key " + keyId,
        "INSERT INTO firn_signing_keys (catalog_name, key_id, jwk, created_at_ms)"
            + " VALUES (?, ?, ?, ?)",
        catalog,
        keyId,
        jwk,
        clock.millis());
  }
}
