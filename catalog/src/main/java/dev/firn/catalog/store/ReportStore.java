package dev.firn.catalog.store;

import dev.firn.vocabulary.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * The scan and commit reports that clients send, kept in {@code firn_metrics_reports} for a bounded
 * count per table and a bounded time: recording a report prunes the table's oldest beyond the count
 * and every report of the catalog past the time, so clients cannot grow the database without end.
 */
public final class ReportStore {
  /** The largest report body accepted; larger gets 413. */
  public static final int MAX_REPORT_BYTES = 64 * 1024;

  /** How many reports are kept per table, the newest. */
  public static final int KEPT_PER_TABLE_DEFAULT = 100;

  /** How long a report is kept. */
  public static final Duration KEPT_FOR_DEFAULT = Duration.ofDays(7);

  private static final String TABLE_MATCH =
      "catalog_name = ? AND table_namespace = ? AND table_name = ?";
  private static final String INSERT =
      "INSERT INTO firn_metrics_reports (catalog_name, table_namespace, table_name, report_type,"
          + " report, received_at_ms) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String PRUNE_EXPIRED =
      "DELETE FROM firn_metrics_reports WHERE catalog_name = ? AND received_at_ms < ?";
  // Deletes up to the newest report beyond the count; no such report, nothing deleted.
  private static final String PRUNE_BEYOND_COUNT =
      "DELETE FROM firn_metrics_reports WHERE "
          + TABLE_MATCH
          + " AND id <= (SELECT id FROM firn_metrics_reports WHERE "
          + TABLE_MATCH
          + " ORDER BY id DESC LIMIT 1 OFFSET ?)";

  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;
  private final int keptPerTable;
  private final Duration keptFor;

  /** A store keeping the default count and time of reports. */
  public ReportStore(CatalogDatabase database, String catalog, Clock clock) {
    this(database, catalog, clock, KEPT_PER_TABLE_DEFAULT, KEPT_FOR_DEFAULT);
  }

  /**
   * A store keeping the newest {@code keptPerTable} reports of each table, none older than {@code
   * keptFor}.
   */
  public ReportStore(
      CatalogDatabase database, String catalog, Clock clock, int keptPerTable, Duration keptFor) {
    if (keptPerTable < 1) {
      throw new IllegalArgumentException(
          "Invalid reports kept per table: " + keptPerTable + " (must be >= 1)");
    }
    if (keptFor.isNegative() || keptFor.isZero()) {
      throw new IllegalArgumentException(
          "Invalid report retention: " + keptFor + " (must be positive)");
    }
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
    this.keptPerTable = keptPerTable;
    this.keptFor = keptFor;
  }

  static List<String> schema(SqlDialect dialect) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_metrics_reports ("
            + "id "
            + dialect.serialPrimaryKey()
            + ", catalog_name VARCHAR(255) NOT NULL,"
            + " table_namespace VARCHAR(255) NOT NULL,"
            + " table_name VARCHAR(255) NOT NULL,"
            + " report_type VARCHAR(32) NOT NULL,"
            + " report TEXT NOT NULL,"
            + " received_at_ms BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS firn_metrics_reports_by_table"
            + " ON firn_metrics_reports (catalog_name, table_namespace, table_name, id)",
        "CREATE INDEX IF NOT EXISTS firn_metrics_reports_by_time"
            + " ON firn_metrics_reports (catalog_name, received_at_ms)");
  }

  /** Records one report, given as its JSON text, and prunes what is beyond the count or time. */
  public void record(TableIdentifier table, String reportType, String reportJson) {
    long now = clock.millis();
    String namespace = StoredNamespace.encode(table.namespace());
    try {
      database.transaction(
          connection -> {
            update(
                connection, INSERT, catalog, namespace, table.name(), reportType, reportJson, now);
            update(connection, PRUNE_EXPIRED, catalog, now - keptFor.toMillis());
            update(
                connection,
                PRUNE_BEYOND_COUNT,
                catalog,
                namespace,
                table.name(),
                catalog,
                namespace,
                table.name(),
                keptPerTable);
            return null;
          });
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot record a metrics report for %s", table);
    }
  }

  private static void update(Connection connection, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }

  /** The recorded reports of a table, oldest first, as (type, JSON) pairs. */
  public List<Report> reports(TableIdentifier table) {
    return database.read(
        connection -> {
          String sql =
              "SELECT report_type, report, received_at_ms FROM firn_metrics_reports WHERE "
                  + TABLE_MATCH
                  + " ORDER BY id";
          List<Report> result = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, catalog);
            statement.setString(2, StoredNamespace.encode(table.namespace()));
            statement.setString(3, table.name());
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                result.add(new Report(rows.getString(1), rows.getString(2), rows.getLong(3)));
              }
            }
          }
          return result;
        });
  }

  /**
   * One recorded report.
   *
   * @param type {@code scan-report} or {@code commit-report}
   * @param json the report as the client sent it
   * @param receivedAtMillis when Firn received it
   */
  public record Report(String type, String json, long receivedAtMillis) {}
}
