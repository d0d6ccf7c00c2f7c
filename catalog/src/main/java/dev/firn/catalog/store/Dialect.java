package dev.firn.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The SQL differences between the databases Firn supports. */
public enum Dialect {
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", ""),
  POSTGRESQL("BIGSERIAL PRIMARY KEY", " FOR UPDATE");

  private final String serialPrimaryKey;
  private final String lockRows;

  Dialect(String serialPrimaryKey, String lockRows) {
    this.serialPrimaryKey = serialPrimaryKey;
    this.lockRows = lockRows;
  }

  /** Column type of an auto-numbered primary key. */
  String serialPrimaryKey() {
    return serialPrimaryKey;
  }

  /**
   * Suffix that locks the rows a SELECT reads until the transaction ends. SQLite needs none: Firn
   * opens its write transactions with BEGIN IMMEDIATE, which serializes them.
   */
  String lockRows() {
    return lockRows;
  }

  /** An index column that serves {@code LIKE 'prefix%'} searches. */
  String prefixSearchable(String column) {
    return this == POSTGRESQL ? column + " varchar_pattern_ops" : column;
  }

  /**
   * Serializes the transactions that claim locations in one catalog, so two of them cannot both
   * pass the overlap check. SQLite's write transactions are serialized already.
   */
  void lockCatalogLocations(Connection connection, String catalog) throws SQLException {
    if (this == POSTGRESQL) {
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        statement.setLong(1, LOCATION_LOCK_SPACE ^ catalog.hashCode());
        statement.execute();
      }
    }
  }

  // High bits that keep Firn's advisory lock keys apart from other users of the database.
  private static final long LOCATION_LOCK_SPACE = 0x46_49_52_4EL << 32;

  /** Whether the statement failed on a primary key or unique constraint. */
  boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      // SQLITE_CONSTRAINT, possibly in an extended result code
      case SQLITE -> (e.getErrorCode() & 0xff) == 19;
    };
  }
}
