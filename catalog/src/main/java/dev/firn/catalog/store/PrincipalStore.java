package dev.firn.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Principals of a warehouse, in {@code firn_principals}: the name a client authenticates as (its
 * OAuth2 client id), the hash of its secret, and whether it may sign in. Secrets themselves are
 * never stored.
 */
public final class PrincipalStore {
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
    try {
      return database.transaction(
          false,
          connection -> {
            try (PreparedStatement statement =
                connection.prepareStatement(
                    "INSERT INTO firn_principals (catalog_name, principal_name, secret_hash,"
                        + " enabled, created_at_ms) VALUES (?, ?, ?, 1, ?)")) {
              statement.setString(1, catalog);
              statement.setString(2, name);
              statement.setString(3, secretHash);
              statement.setLong(4, clock.millis());
              statement.executeUpdate();
              return true;
            }
          });
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        return false;
      }
      throw new UncheckedSQLException(e, "Cannot create principal %s", name);
    }
  }

  /** The principal of that name, if there is one. */
  public Optional<StoredPrincipal> find(String name) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT secret_hash, enabled FROM firn_principals"
                    + " WHERE catalog_name = ? AND principal_name = ?")) {
      statement.setString(1, catalog);
      statement.setString(2, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next()
            ? Optional.of(new StoredPrincipal(name, rows.getString(1), rows.getInt(2) == 1))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot read principal %s", name);
    }
  }

  /** Every principal, by name. */
  public List<StoredPrincipal> list() {
    return database.read(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT principal_name, secret_hash, enabled FROM firn_principals"
                      + " WHERE catalog_name = ? ORDER BY principal_name")) {
            statement.setString(1, catalog);
            List<StoredPrincipal> principals = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                principals.add(
                    new StoredPrincipal(rows.getString(1), rows.getString(2), rows.getInt(3) == 1));
              }
            }
            return principals;
          }
        });
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
    try {
      return database.transaction(
          false,
          connection -> {
            try (PreparedStatement statement =
                connection.prepareStatement(
                    "UPDATE firn_principals SET "
                        + assignment
                        + " WHERE catalog_name = ? AND principal_name = ?")) {
              statement.setObject(1, value);
              statement.setString(2, catalog);
              statement.setString(3, name);
              return statement.executeUpdate() == 1;
            }
          });
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot change principal %s", name);
    }
  }
}
