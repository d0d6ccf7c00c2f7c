package dev.firn.catalog.store;

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

  /** Whether the statement failed on a primary key or unique constraint. */
  boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      // SQLITE_CONSTRAINT, possibly in an extended result code
      case SQLITE -> (e.getErrorCode() & 0xff) == 19;
    };
  }
}
