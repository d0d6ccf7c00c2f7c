package dev.firn.catalog.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/** The scan and commit reports that clients send, kept in {@code firn_metrics_reports}. */
public final class ReportStore {
  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;

  public ReportStore(CatalogDatabase database, String catalog, Clock clock) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Records one report, given as its JSON text. */
  public void record(TableIdentifier table, String reportType, String reportJson) {
    try {
      database.transaction(
          connection -> {
            String sql =
                "INSERT INTO firn_metrics_reports (catalog_name, table_namespace, table_name,"
                    + " report_type, report, received_at_ms) VALUES (?, ?, ?, ?, ?, ?)";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              statement.setString(1, catalog);
              statement.setString(2, StoredNamespace.encode(table.namespace()));
              statement.setString(3, table.name());
              statement.setString(4, reportType);
              statement.setString(5, reportJson);
              statement.setLong(6, clock.millis());
              statement.executeUpdate();
            }
            return null;
          });
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot record a metrics report for %s", table);
    }
  }

  /** The recorded reports of a table, oldest first, as (type, JSON) pairs. */
  public List<Report> reports(TableIdentifier table) {
    return database.read(
        connection -> {
          String sql =
              "SELECT report_type, report, received_at_ms FROM firn_metrics_reports"
                  + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"
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
