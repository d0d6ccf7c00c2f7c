package dev.firn.maintenance.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The SQL differences between the databases a Firn catalog runs on, as maintenance meets them. */
enum SqlDialect {
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT"),
  POSTGRESQL("BIGSERIAL PRIMARY KEY");

  private final String serialPrimaryKey;

  SqlDialect(String serialPrimaryKey) {
    this.serialPrimaryKey = serialPrimaryKey;
  }

  /** The dialect of the database a connection reaches, from its metadata. */
  static SqlDialect of(Connection connection) throws SQLException {
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
  String serialPrimaryKey() {
    return serialPrimaryKey;
  }
}
