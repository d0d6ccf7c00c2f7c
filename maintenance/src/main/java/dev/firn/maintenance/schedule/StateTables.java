package dev.firn.maintenance.schedule;

import dev.firn.vocabulary.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * The tables maintenance keeps in the catalog's database: one row per job run, and one lease per
 * table being maintained. Their names start with {@code firn_}, like the catalog's own additions.
 */
final class StateTables {
  static final String RUNS = "firn_maintenance_runs";
  static final String LEASES = "firn_maintenance_leases";

  private StateTables() {}

  /**
   * A connection in auto-commit mode whatever the pool's default: each maintenance write is one
   * statement, durable when it returns.
   */
  static Connection connect(DataSource dataSource) throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Runs one write statement and returns how many rows it changed.
   *
   * @param what what the statement does, for the error message
   */
  static int update(DataSource dataSource, String what, String sql, Object... values) {
    try (Connection connection = connect(dataSource);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot %s: %s", what, e.getMessage());
    }
  }

  /** Binds values in order; a null is bound untyped, and both drivers type it from the column. */
  static void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof Boolean flag) {
        statement.setBoolean(i + 1, flag);
      } else {
        statement.setObject(i + 1, values[i]);
      }
    }
  }

  /** Creates the tables if they do not exist and returns the database's dialect. */
  static SqlDialect create(DataSource dataSource) {
    try (Connection connection = connect(dataSource)) {
      SqlDialect dialect = SqlDialect.of(connection);
      try {
        execute(connection, statements(dialect));
      } catch (SQLException first) {
        // Two nodes starting at once can both try to create a table, and PostgreSQL then fails
        // one of them on its catalog's unique index; by now the table exists.
        try {
          execute(connection, statements(dialect));
        } catch (SQLException second) {
          second.addSuppressed(first);
          throw second;
        }
      }
      return dialect;
    } catch (SQLException e) {
      throw new UncheckedSQLException(
          e, "Cannot create the maintenance tables: %s", e.getMessage());
    }
  }

  private static void execute(Connection connection, List<String> statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static List<String> statements(SqlDialect dialect) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + RUNS
            + " (id "
            + dialect.serialPrimaryKey()
            + ", catalog_name VARCHAR(255) NOT NULL,"
            + " table_name VARCHAR(1000) NOT NULL,"
            + " job_kind VARCHAR(32) NOT NULL,"
            + " dry_run BOOLEAN NOT NULL,"
            + " run_trigger VARCHAR(16) NOT NULL,"
            + " node VARCHAR(255) NOT NULL,"
            + " started_at_ms BIGINT NOT NULL,"
            + " finished_at_ms BIGINT,"
            + " status VARCHAR(16) NOT NULL,"
            + " counts TEXT,"
            + " snapshot_ids TEXT,"
            + " error TEXT,"
            + " attempt INTEGER NOT NULL,"
            + " start_snapshot_id BIGINT)",
        "CREATE INDEX IF NOT EXISTS firn_maintenance_runs_by_table ON "
            + RUNS
            + " (catalog_name, table_name, job_kind, id)",
        "CREATE INDEX IF NOT EXISTS firn_maintenance_runs_by_status ON " + RUNS + " (status)",
        "CREATE TABLE IF NOT EXISTS "
            + LEASES
            + " (catalog_name VARCHAR(255) NOT NULL,"
            + " table_name VARCHAR(1000) NOT NULL,"
            + " owner VARCHAR(255) NOT NULL,"
            + " acquired_at_ms BIGINT NOT NULL,"
            + " expires_at_ms BIGINT NOT NULL,"
            + " PRIMARY KEY (catalog_name, table_name))");
  }
}
