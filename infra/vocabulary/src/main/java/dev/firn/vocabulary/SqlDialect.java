package dev.firn.vocabulary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL differences between the databases Firn's catalog runs on, for the catalog's own tables
 * and for the maintenance tables beside them.
 */
public enum SqlDialect {
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", ""),
  POSTGRESQL("BIGSERIAL PRIMARY KEY", " FOR UPDATE");

  private final String serialPrimaryKey;
  private final String lockRows;

  SqlDialect(String serialPrimaryKey, String lockRows) {
    this.serialPrimaryKey = serialPrimaryKey;
    this.lockRows = lockRows;
  }

  /** The dialect of the database a JDBC URL names, or null when Firn supports none. */
  public static SqlDialect ofUrl(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    } else if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    return null;
  }

  /** The dialect of the database a connection reaches, from its metadata. */
  public static SqlDialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("sqlite")) {
      return SQLITE;
    } else if (name.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "Unsupported database: " + product + " (must be SQLite or PostgreSQL)");
  }

  /** Column type of an auto-numbered primary key. */
  public String serialPrimaryKey() {
    return serialPrimaryKey;
  }

  /**
   * Suffix that locks the rows a SELECT reads until the transaction ends. SQLite needs none: Firn
   * opens its write transactions with BEGIN IMMEDIATE, which serializes them.
   */
  public String lockRows() {
    return lockRows;
  }

  /** An index column that serves {@code LIKE 'prefix%'} searches. */
  public String prefixSearchable(String column) {
    return this == POSTGRESQL ? column + " varchar_pattern_ops" : column;
  }

  /**
   * Serializes the transactions that claim locations in one catalog, so two of them cannot both
   * pass the overlap check. SQLite's write transactions are serialized already.
   */
  public void lockCatalogLocations(Connection connection, String catalog) throws SQLException {
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
  public boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      // SQLITE_CONSTRAINT, possibly in an extended result code
      case SQLITE -> (e.getErrorCode() & 0xff) == 19;
    };
  }
}
