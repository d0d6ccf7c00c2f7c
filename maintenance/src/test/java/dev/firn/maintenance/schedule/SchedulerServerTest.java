package dev.firn.maintenance.schedule;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.testing.MovableClock;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.writer.TableWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler against a running Firn server: real tables written by Firn's writer, policies set
 * as namespace properties, and leases and history in the catalog's own SQLite database.
 */
@ExtendWith(S3EndpointExtension.class)
class SchedulerServerTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final TableIdentifier ORDERS = TableIdentifier.of("raw", "sales", "orders");
  private static final TableIdentifier CUSTOMERS = TableIdentifier.of("raw", "sales", "customers");
  private static final TableIdentifier CLICKS = TableIdentifier.of("raw", "web", "clicks");
  private static final TableIdentifier OLD = TableIdentifier.of("raw", "web", "archive", "old");

  private CatalogServer server;
  private RESTCatalog catalog;
  private HikariDataSource database;
  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-04T10:00:30Z"));

  @BeforeEach
  void start(S3Endpoint s3, @TempDir Path dir) throws Exception {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    catalog = TestCatalogServers.client(server, Map.of());
    database = TestDataSources.sqlite(dir.resolve("catalog.db"));

    // Iceberg's client needs mutable maps here: its request builder probes them for null keys.
    catalog.createNamespace(
        Namespace.of("raw", "sales"),
        new HashMap<>(Map.of(PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "3")));
    catalog.createNamespace(
        Namespace.of("raw", "web"),
        new HashMap<>(Map.of(PolicyKey.SNAPSHOT_SCHEDULE.property(), "30 * * * *")));
    catalog.createNamespace(
        Namespace.of("raw", "web", "archive"),
        new HashMap<>(
            Map.of(
                PolicyKey.ENABLED.property(), "false",
                PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "2")));
    try (TableWriter writer = new TableWriter(catalog)) {
      load(writer, ORDERS, 3);
      load(writer, CUSTOMERS, 1);
      load(writer, CLICKS, 1);
      load(writer, OLD, 3);
    }
  }

  @AfterEach
  void stop() throws Exception {
    database.close();
    catalog.close();
    server.close();
  }

  @Test
  void dueJobsComeFromPoliciesSetOnNamespacesAndRunsGoToTheCatalogDatabase() throws Exception {
    ZoneTables tables = new ZoneTables(catalog, new PolicyResolver(PolicyDefaults.standard()));
    assertThat(tables.list()).containsExactlyInAnyOrder(ORDERS, CUSTOMERS, CLICKS, OLD);
    List<String> calls = new ArrayList<>();
    JobRunner runner = (table, kind, dryRun) -> countFiles(calls, table, kind, dryRun);
    SchedulerConfig config = SchedulerConfig.builder(server.config().warehouseName()).build();

    try (Scheduler scheduler =
        new Scheduler(tables, runner, database, clock, config, new MaintenanceMetrics())) {
      // Three small files in raw.sales.orders reach that namespace's threshold; the archive
      // namespace would compact at two, but its policy is disabled.
      clock.set(Instant.parse("2026-03-04T10:02:00Z"));
      List<RunRecord> first = runs(scheduler.tick());
      assertThat(first)
          .extracting(run -> run.table() + " " + run.kind().label() + " " + run.trigger().label())
          .containsExactly("raw.sales.orders compaction change");
      assertThat(first.get(0).count(Measure.FILES_LISTED)).isEqualTo(3);

      // raw.web expires snapshots at half past each hour.
      clock.set(Instant.parse("2026-03-04T10:31:00Z"));
      assertThat(runs(scheduler.tick()))
          .extracting(run -> run.table() + " " + run.kind().label() + " " + run.trigger().label())
          .containsExactly(
              "raw.web.clicks expiry schedule",
              "raw.web.clicks manifests schedule",
              "raw.web.clicks metadata schedule");

      // The hourly compaction schedule of the raw zone fires for every enabled table.
      clock.set(Instant.parse("2026-03-04T11:00:30Z"));
      assertThat(runs(scheduler.tick()))
          .extracting(run -> run.table() + " " + run.kind().label() + " " + run.trigger().label())
          .containsExactlyInAnyOrder(
              "raw.sales.orders compaction schedule",
              "raw.sales.customers compaction schedule",
              "raw.web.clicks compaction schedule");
      assertThat(scheduler.tick().await()).isEmpty();

      assertThat(scheduler.history().recent(100)).hasSize(7);
      assertThat(calls).hasSize(7).noneMatch(call -> call.startsWith(OLD.toString()));
    }
    assertThat(count("SELECT COUNT(*) FROM firn_maintenance_runs")).isEqualTo(7);
    assertThat(count("SELECT COUNT(*) FROM firn_maintenance_leases")).isZero();
    assertThat(count("SELECT COUNT(*) FROM iceberg_tables"))
        .as("the catalog's own table")
        .isEqualTo(4);
  }

  private JobResult countFiles(
      List<String> calls, TableIdentifier table, JobKind kind, boolean dryRun) {
    synchronized (calls) {
      calls.add(table + " " + kind.label());
    }
    String files =
        catalog
            .loadTable(table)
            .currentSnapshot()
            .summary()
            .get(SnapshotSummary.TOTAL_DATA_FILES_PROP);
    return new JobReport(table.toString(), kind, dryRun, clock)
        .add(Measure.FILES_LISTED, Long.parseLong(files))
        .done();
  }

  private static List<RunRecord> runs(Tick tick) {
    List<RunRecord> runs = new ArrayList<>();
    for (TableOutcome outcome : tick.await()) {
      assertThat(outcome.busy()).isFalse();
      assertThat(outcome.error()).isNull();
      outcome.runs().forEach(run -> runs.add(run.record()));
    }
    return runs;
  }

  private static void load(TableWriter writer, TableIdentifier table, int commits) {
    for (int i = 0; i < commits; i++) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", (long) i);
      writer.ingest(table).records(SCHEMA, List.of(row)).createIfMissing(true).commit();
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
