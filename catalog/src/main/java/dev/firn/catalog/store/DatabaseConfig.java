package dev.firn.catalog.store;

import dev.firn.vocabulary.SqlDialect;
import java.nio.file.Path;

/**
 * Where the catalog keeps its state: an embedded SQLite file, or a PostgreSQL server.
 *
 * @param jdbcUrl a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL
 * @param user the database user (ignored by SQLite)
 * @param password the password (ignored by SQLite)
 * @param maxConnections the size of the connection pool
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxConnections) {
  public static final int MAX_CONNECTIONS_DEFAULT = 16;

  public DatabaseConfig {
    if (jdbcUrl == null || SqlDialect.ofUrl(jdbcUrl) == null) {
      throw new IllegalArgumentException(
          "Invalid database URL: "
              + jdbcUrl
              + " (must start with jdbc:sqlite: or jdbc:postgresql:)");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "Invalid database max-connections: " + maxConnections + " (must be >= 1)");
    }
  }

  /** An embedded SQLite database in this file. */
  public static DatabaseConfig sqlite(Path file) {
    return new DatabaseConfig(
        "jdbc:sqlite:" + file.toAbsolutePath(), null, null, MAX_CONNECTIONS_DEFAULT);
  }

  /** A PostgreSQL database. */
  public static DatabaseConfig postgres(String jdbcUrl, String user, String password) {
    return new DatabaseConfig(jdbcUrl, user, password, MAX_CONNECTIONS_DEFAULT);
  }

  public SqlDialect dialect() {
    return SqlDialect.ofUrl(jdbcUrl);
  }

  /** The URL without credentials or options, safe to log. */
  public String describe() {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }
}
