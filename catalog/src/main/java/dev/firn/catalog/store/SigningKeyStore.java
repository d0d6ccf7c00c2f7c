package dev.firn.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.jdbc.UncheckedSQLException;

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
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT jwk FROM firn_signing_keys WHERE catalog_name = ?"
                    + " ORDER BY created_at_ms DESC, key_id")) {
      statement.setString(1, catalog);
      List<String> keys = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot read the signing keys");
    }
  }

  /** Stores a new key; false when a key with that id exists. */
  public boolean add(String keyId, String jwk) {
    try {
      return database.transaction(
          false,
          connection -> {
            try (PreparedStatement statement =
                connection.prepareStatement(
                    "INSERT INTO firn_signing_keys (catalog_name, key_id, jwk, created_at_ms)"
                        + " VALUES (?, ?, ?, ?)")) {
              statement.setString(1, catalog);
              statement.setString(2, keyId);
              statement.setString(3, jwk);
              statement.setLong(4, clock.millis());
              statement.executeUpdate();
              return true;
            }
          });
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        return false;
      }
      throw new UncheckedSQLException(e, "Cannot store signing key %s", keyId);
    }
  }
}
