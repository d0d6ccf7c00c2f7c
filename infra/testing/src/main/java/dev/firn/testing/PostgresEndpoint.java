package dev.firn.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reachable PostgreSQL server for a test, with a database the test may use.
 *
 * @param jdbcUrl the JDBC URL of a database that exists
 * @param user the user to connect as
 * @param password the password, empty for trust authentication
 */
public record PostgresEndpoint(String jdbcUrl, String user, String password) {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Creates an empty database on the same server and returns an endpoint for it. */
  public PostgresEndpoint newDatabase(String prefix) {
    String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    return new PostgresEndpoint(withDatabase(name), user, password);
  }

  private String withDatabase(String name) {
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    String params = query < 0 ? "" : jdbcUrl.substring(query);
    int slash = base.lastIndexOf('/');
    return base.substring(0, slash + 1) + name + params;
  }
}
