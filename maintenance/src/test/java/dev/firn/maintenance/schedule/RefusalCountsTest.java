package dev.firn.maintenance.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResultJson;
import dev.firn.maintenance.Measure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Refused deletes reach the run history and the metrics like every other count. */
class RefusalCountsTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
  private static final Map<Measure, Long> COUNTS =
      Map.of(Measure.FILES_DELETED, 5L, Measure.DELETES_REFUSED, 3L);

  @Test
  void theRunHistoryKeepsRefusedDeletes() {
    String json = JobResultJson.text(JobResultJson.countsByLabel(COUNTS));

    assertThat(json).contains("\"deletes-refused\":3");
    assertThat(JobResultJson.counts(JobResultJson.tree(json))).isEqualTo(COUNTS);
  }

  @Test
  void metricsCountRefusedDeletesByJob() {
    MaintenanceMetrics metrics = new MaintenanceMetrics();

    metrics.record(run(false));
    metrics.record(run(true));

    assertThat(metrics.render())
        .contains("firn_maintenance_measure_total{job=\"expiry\",measure=\"deletes-refused\"} 3\n")
        .contains("firn_maintenance_runs_total{job=\"expiry\",status=\"failed\"} 2\n");
  }

  private static RunRecord run(boolean dryRun) {
    return new RunRecord(
        1,
        TableIdentifier.of("raw", "orders"),
        JobKind.EXPIRY,
        dryRun,
        Trigger.SCHEDULE,
        "node-a",
        T0,
        T0.plusSeconds(5),
        RunStatus.FAILED,
        COUNTS,
        List.of(),
        "Refused to delete 3 paths outside the table location s3://w/raw/orders-1",
        1,
        null);
  }
}
