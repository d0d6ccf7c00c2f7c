package dev.firn.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.writer.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Jobs configured from the policy a table inherits, through a running Firn server. */
class TableMaintenanceTest extends RealServerTest {
  static final TableIdentifier ORDERS = TableIdentifier.of("curated", "sales", "eu", "orders");

  @Test
  void jobsFollowThePolicyTheTableInheritsFromItsNamespaces() {
    catalog.createNamespace(
        Namespace.of("curated", "sales"),
        new HashMap<>(Map.of(PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "3")));
    catalog.createNamespace(Namespace.of("curated", "sales", "eu"));
    for (long id = 1; id <= 6; id++) {
      load(ORDERS, WriteMode.APPEND, id);
    }
    TableMaintenance maintenance = maintenance(Instant.now().plus(Duration.ofDays(30)));

    JobResult plan = maintenance.run(ORDERS, JobKind.COMPACTION, true);
    JobResult compaction = maintenance.run(ORDERS, JobKind.COMPACTION, false);
    JobResult expiry = maintenance.run(ORDERS, JobKind.EXPIRY, false);

    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.count(Measure.FILES_REWRITTEN)).isEqualTo(6);
    assertThat(compaction.succeeded()).as(compaction.summary()).isTrue();
    assertThat(compaction.count(Measure.FILES_ADDED)).isEqualTo(1);
    // Curated keeps 10 snapshots: 6 appends and 1 compaction are all kept.
    assertThat(expiry.succeeded()).as(expiry.summary()).isTrue();
    assertThat(expiry.count(Measure.SNAPSHOTS_EXPIRED)).isZero();
    Table table = catalog.loadTable(ORDERS);
    assertThat(rows(table, table.currentSnapshot().snapshotId())).hasSize(6);
  }

  @Test
  void aTableWithGcDisabledGetsNoFileDeletingJob() {
    load(raw("kept"), WriteMode.APPEND, 1, 2);
    load(raw("kept"), WriteMode.APPEND, 3);
    catalog
        .loadTable(raw("kept"))
        .updateProperties()
        .set(TableProperties.GC_ENABLED, "false")
        .commit();
    TableMaintenance maintenance = maintenance(Instant.now().plus(Duration.ofDays(30)));

    for (JobKind kind : JobKind.values()) {
      JobResult result = maintenance.run(raw("kept"), kind, false);
      assertThat(result.succeeded()).as(result.summary()).isTrue();
      if (kind.deletesFiles()) {
        assertThat(result.details()).singleElement().asString().contains("gc.enabled=false");
        assertThat(result.counts()).isEmpty();
      }
    }
    assertThat(catalog.loadTable(raw("kept")).snapshots()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aMissingTableIsAFailedResultNotAnException() {
    JobResult result = maintenance(Instant.now()).run(raw("missing"), JobKind.COMPACTION, false);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).contains("NoSuchTableException");
  }

  private TableMaintenance maintenance(Instant now) {
    return new TableMaintenance(
        catalog,
        new PolicyResolver(PolicyDefaults.standard()),
        Clock.fixed(now, ZoneOffset.UTC),
        new RunningCompactions(),
        2);
  }
}
