package dev.firn.maintenance.schedule;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.policy.PolicyResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which jobs are due, from policy, snapshot summaries and run history alone. */
class DueJobsTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final Instant STARTED = Instant.parse("2026-03-04T10:00:30Z");
  private static final long SMALL = 1 << 20;

  /** The 30th of February. */
  private static final String NEVER = "0 0 30 2 *";

  private final SchedulerConfig config =
      SchedulerConfig.builder("mem")
          .node("node-a")
          .retryDelay(Duration.ofMinutes(5), Duration.ofHours(1))
          .maxAttempts(3)
          .build();
  private final DueJobs dueJobs = new DueJobs(config, STARTED);
  private InMemoryCatalog catalog;
  private ZoneTables tables;

  @BeforeEach
  void createCatalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize(
        "mem", Map.of(CatalogProperties.WAREHOUSE_LOCATION, "mem://" + UUID.randomUUID()));
    catalog.createNamespace(Namespace.of("raw"));
    tables = new ZoneTables(catalog, new PolicyResolver(PolicyDefaults.standard()));
  }

  @AfterEach
  void closeCatalog() throws Exception {
    catalog.close();
  }

  private MaintainedTable table(Map<String, String> policy) {
    Namespace namespace = Namespace.of("raw", "ns");
    catalog.createNamespace(namespace, policy);
    TableIdentifier id = TableIdentifier.of(namespace, "events");
    catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    return tables.load(id);
  }

  private static List<String> due(List<DueJob> jobs) {
    return jobs.stream()
        .map(job -> job.kind().label() + " " + job.trigger().label() + " " + job.attempt())
        .toList();
  }

  private static RunRecord run(
      MaintainedTable table, JobKind kind, RunStatus status, Trigger trigger, int attempt) {
    Table iceberg = table.table();
    Long seen = iceberg.currentSnapshot() == null ? null : iceberg.currentSnapshot().snapshotId();
    return new RunRecord(
        1,
        table.id(),
        kind,
        false,
        trigger,
        "node-a",
        STARTED,
        status == RunStatus.RUNNING ? null : STARTED.plusSeconds(30),
        status,
        Map.of(),
        List.of(),
        status == RunStatus.FAILED ? "IllegalStateException: disk full" : null,
        attempt,
        seen);
  }

  @Test
  void jobsNeverRunWaitForTheirScheduleToFireAfterTheSchedulerStarted() {
    MaintainedTable table = table(Map.of());
    assertThat(dueJobs.of(table, Map.of(), STARTED.plusSeconds(20 * 60))).isEmpty();
    assertThat(due(dueJobs.of(table, Map.of(), Instant.parse("2026-03-04T11:00:00Z"))))
        .containsExactly("compaction schedule 1");
    assertThat(due(dueJobs.of(table, Map.of(), Instant.parse("2026-03-05T00:00:00Z"))))
        .containsExactly(
            "compaction schedule 1",
            "expiry schedule 1",
            "orphans schedule 1",
            "manifests schedule 1",
            "metadata schedule 1");
  }

  @Test
  void aRunningJobIsNotDueAgain() {
    MaintainedTable table = table(Map.of());
    Map<JobKind, RunRecord> last =
        Map.of(
            JobKind.COMPACTION,
            run(table, JobKind.COMPACTION, RunStatus.RUNNING, Trigger.SCHEDULE, 1));
    assertThat(dueJobs.of(table, last, Instant.parse("2026-03-04T12:00:00Z"))).isEmpty();
  }

  @Test
  void aFailedManualRunIsNotRetriedButCountsAsAnAttempt() {
    MaintainedTable table = table(Map.of());
    Map<JobKind, RunRecord> last =
        Map.of(
            JobKind.COMPACTION,
            run(table, JobKind.COMPACTION, RunStatus.FAILED, Trigger.MANUAL, 1));
    assertThat(dueJobs.of(table, last, STARTED.plus(Duration.ofMinutes(10)))).isEmpty();
    assertThat(due(dueJobs.of(table, last, Instant.parse("2026-03-04T11:00:00Z"))))
        .containsExactly("compaction schedule 2");
  }

  @Test
  void aScheduledFailureIsRetriedWithItsTriggerOnceTheDelayHasPassed() {
    MaintainedTable table = table(Map.of());
    Map<JobKind, RunRecord> last =
        Map.of(
            JobKind.COMPACTION,
            run(table, JobKind.COMPACTION, RunStatus.FAILED, Trigger.CHANGE, 2));
    Instant failed = STARTED.plusSeconds(30);
    assertThat(dueJobs.of(table, last, failed.plus(Duration.ofMinutes(10)).minusSeconds(1)))
        .isEmpty();
    assertThat(due(dueJobs.of(table, last, failed.plus(Duration.ofMinutes(10)))))
        .containsExactly("compaction change 3");
  }

  @Test
  void manifestsAreRewrittenAfterTheirThresholdOfCommits() {
    MaintainedTable table = table(Map.of(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS.property(), "3"));
    DatabaseTests.appendFiles(table.table(), 1, SMALL << 10);
    DatabaseTests.appendFiles(table.table(), 1, SMALL << 10);
    assertThat(dueJobs.of(table, Map.of(), STARTED)).isEmpty();
    DatabaseTests.appendFiles(table.table(), 1, SMALL << 10);
    assertThat(due(dueJobs.of(table, Map.of(), STARTED))).containsExactly("manifests change 1");

    Map<JobKind, RunRecord> last =
        Map.of(
            JobKind.MANIFESTS,
            run(table, JobKind.MANIFESTS, RunStatus.SUCCEEDED, Trigger.CHANGE, 1));
    assertThat(dueJobs.of(table, last, STARTED)).isEmpty();
  }

  @Test
  void aScheduleOutOfRangeSetOutOfBandIsPassedOverForTheDefault() {
    MaintainedTable table =
        table(
            Map.of(
                PolicyKey.COMPACTION_SCHEDULE.property(), "99 * * * *",
                PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "2"));
    assertThat(table.policy().warnings()).anyMatch(w -> w.contains("99 * * * *"));
    assertThat(table.policy().compactionSchedule()).isEqualTo("@hourly");
    assertThat(due(dueJobs.of(table, Map.of(), STARTED.plus(Duration.ofHours(3)))))
        .containsExactly("compaction schedule 1");
  }

  @Test
  void aNeverCompactedTableWhoseFilesAverageSmallIsCompactedThoughItsHistoryWasExpired() {
    MaintainedTable table = table(Map.of(PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "4"));
    for (int i = 0; i < 4; i++) {
      DatabaseTests.appendFiles(table.table(), 1, SMALL);
    }
    long now = table.table().currentSnapshot().timestampMillis();
    table.table().expireSnapshots().expireOlderThan(now + 1).retainLast(1).commit();
    assertThat(table.table().snapshots()).hasSize(1);
    assertThat(due(dueJobs.of(table, Map.of(), STARTED))).containsExactly("compaction change 1");
  }

  @Test
  void whenTheSnapshotARunSawIsGoneChangesCountFromTheRunsStartTime() {
    MaintainedTable table =
        table(
            Map.of(
                PolicyKey.COMPACTION_MIN_SMALL_FILES.property(),
                "2",
                PolicyKey.COMPACTION_SCHEDULE.property(),
                NEVER));
    DatabaseTests.appendFiles(table.table(), 2, SMALL);
    long committed = table.table().currentSnapshot().timestampMillis();
    RunRecord before =
        withStart(
            run(table, JobKind.COMPACTION, RunStatus.SUCCEEDED, Trigger.CHANGE, 1), committed - 1);
    RunRecord after =
        withStart(
            run(table, JobKind.COMPACTION, RunStatus.SUCCEEDED, Trigger.CHANGE, 1), committed);

    assertThat(due(dueJobs.of(table, Map.of(JobKind.COMPACTION, before), STARTED)))
        .containsExactly("compaction change 1");
    assertThat(dueJobs.of(table, Map.of(JobKind.COMPACTION, after), STARTED)).isEmpty();
  }

  /** The run as if it had started at a time and seen a snapshot since expired. */
  private static RunRecord withStart(RunRecord run, long startedMillis) {
    return new RunRecord(
        run.id(),
        run.table(),
        run.kind(),
        run.dryRun(),
        run.trigger(),
        run.node(),
        Instant.ofEpochMilli(startedMillis),
        Instant.ofEpochMilli(startedMillis),
        run.status(),
        run.counts(),
        run.snapshotIds(),
        run.error(),
        run.attempt(),
        -1L);
  }
}
