package dev.firn.catalog.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.firn.vocabulary.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's database: a connection pool, the schema, and transactions.
 *
 * <p>The tables follow Iceberg's JDBC catalog layout (schema V1, with views) so that Iceberg's own
 * {@code JdbcCatalog} can read a Firn database. Firn adds tables of its own, prefixed {@code
 * firn_}, which that catalog ignores.
 */
public final class CatalogDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogDatabase.class);

  /** How long a SQLite writer waits for another writer before giving up. */
  static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);

  private final HikariDataSource pool;
  private final SqlDialect dialect;

  private CatalogDatabase(HikariDataSource pool, SqlDialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /** Opens the database and creates the catalog tables if they do not exist. */
  public static CatalogDatabase open(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setPoolName("firn-catalog");
    hikari.setMaximumPoolSize(config.maxConnections());
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
    if (config.dialect() == SqlDialect.SQLITE) {
      // WAL lets readers run beside the one writer; FULL syncs each commit to disk; IMMEDIATE
      // takes the write lock when a transaction begins, so two writers queue instead of
      // failing on lock upgrade.
      hikari.addDataSourceProperty("journal_mode", "WAL");
      hikari.addDataSourceProperty("synchronous", "FULL");
      hikari.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT.toMillis()));
      hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      hikari.addDataSourceProperty("foreign_keys", "true");
    } else {
      if (config.user() != null) {
        hikari.setUsername(config.user());
      }
      if (config.password() != null) {
        hikari.setPassword(config.password());
      }
    }

    HikariDataSource pool = new HikariDataSource(hikari);
    CatalogDatabase database = new CatalogDatabase(pool, config.dialect());
    try {
      database.createSchema();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    LOG.info("Catalog database ready: {} ({})", config.describe(), config.dialect());
    return database;
  }

  public SqlDialect dialect() {
    return dialect;
  }

  /** Runs reads in auto-commit mode. */
  <T> T read(SqlWork<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Catalog database read failed: %s", e.getMessage());
    }
  }

  /**
   * Runs work in one transaction: all of it commits, or none of it. SQL failures come back as
   * {@link SQLException} so that callers can tell a conflict from an unknown outcome. When the
   * thread serves a request with an {@code Idempotency-Key}, the key is marked applied in the same
   * transaction.
   */
  <T> T transaction(SqlWork<T> work) throws SQLException {
    return transaction(true, work);
  }

  <T> T transaction(boolean marksIdempotencyKey, SqlWork<T> work) throws SQLException {
    IdempotencyScope scope = marksIdempotencyKey ? IdempotencyScope.current() : null;
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        if (scope != null) {
          IdempotencyStore.markApplied(connection, scope);
        }
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    }
  }

  /** Reads one row into a value. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(java.sql.ResultSet row) throws SQLException;
  }

  /** The rows one query with these parameters answers, each read by {@code reader}. */
  <T> List<T> list(String sql, RowReader<T> reader, Object... parameters) {
    return read(
        connection -> {
          try (java.sql.PreparedStatement statement = prepare(connection, sql, parameters);
              java.sql.ResultSet rows = statement.executeQuery()) {
            List<T> values = new ArrayList<>();
            while (rows.next()) {
              values.add(reader.read(rows));
            }
            return values;
          }
        });
  }

  /** Runs one statement in a transaction of its own; answers how many rows it changed. */
  int update(String sql, Object... parameters) throws SQLException {
    return transaction(
        false,
        connection -> {
          try (java.sql.PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
          }
        });
  }

  /**
   * Inserts a row in a transaction of its own; false when a row with the same key exists (also one
   * another node inserted at the same moment).
   *
   * @throws UncheckedSQLException for any other failure, with {@code failure} as its message
   */
  boolean insertUnlessPresent(String failure, String sql, Object... parameters) {
    try {
      update(sql, parameters);
      return true;
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e)) {
        return false;
      }
      throw new UncheckedSQLException(e, "%s", failure);
    }
  }

  /**
   * Runs one statement that changes rows; answers how many.
   *
   * @throws UncheckedSQLException with {@code failure} as its message
   */
  int change(String failure, String sql, Object... parameters) {
    try {
      return update(sql, parameters);
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "%s", failure);
    }
  }

  private static java.sql.PreparedStatement prepare(
      Connection connection, String sql, Object... parameters) throws SQLException {
    java.sql.PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  /**
   * The connection pool, for other Firn modules that keep tables of their own in the catalog
   * database (maintenance leases and run history).
   */
  public javax.sql.DataSource dataSource() {
    return pool;
  }

  /** Connections in use right now. */
  public int activeConnections() {
    return pool.getHikariPoolMXBean() == null
        ? 0
        : pool.getHikariPoolMXBean().getActiveConnections();
  }

  /** Whether the database answers a trivial query. */
  public boolean isReachable() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      LOG.debug("Catalog database unreachable", e);
      return false;
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  private void createSchema() {
    List<String> statements = new ArrayList<>();
    statements.addAll(
        List.of(
            "CREATE TABLE IF NOT EXISTS iceberg_tables ("
                + "catalog_name VARCHAR(255) NOT NULL,"
                + " table_namespace VARCHAR(255) NOT NULL,"
                + " table_name VARCHAR(255) NOT NULL,"
                + " metadata_location VARCHAR(1000),"
                + " previous_metadata_location VARCHAR(1000),"
                + " iceberg_type VARCHAR(5),"
                + " PRIMARY KEY (catalog_name, table_namespace, table_name))",
            "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties ("
                + "catalog_name VARCHAR(255) NOT NULL,"
                + " namespace VARCHAR(255) NOT NULL,"
                + " property_key VARCHAR(255),"
                + " property_value VARCHAR(1000),"
                + " PRIMARY KEY (catalog_name, namespace, property_key))"));
    statements.addAll(ReportStore.schema(dialect));
    statements.addAll(LocationRegistry.schema(dialect));
    statements.addAll(IdempotencyStore.schema());
    statements.addAll(PrincipalStore.schema());
    statements.addAll(SigningKeyStore.schema());
    statements.addAll(GrantStore.schema());
    statements.addAll(NodeStore.schema());
    statements.addAll(AuditStore.schema(dialect));
    try {
      transaction(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              for (String sql : statements) {
                statement.execute(sql);
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot create the catalog tables: %s", e.getMessage());
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  /** Work against one connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
