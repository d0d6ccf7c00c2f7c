package dev.firn.maintenance.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.boundary.FencedTable;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** The scheduler loop over in-memory tables, with leases and history on a real database. */
abstract class SchedulerTests extends DatabaseTests {
  private static final long SMALL = 1 << 20;
  private static final long LARGE = 128L << 20;

  private final MovableClock clock = new MovableClock(T0);
  private final MaintenanceMetrics metrics = new MaintenanceMetrics();

  @Test
  void aDailyJobRunsOncePerDayNotAtEachTick() {
    TableIdentifier table = table("daily", "events", Map.of());
    RecordingRunner runner = new RecordingRunner(clock);
    Scheduler scheduler = scheduler("node-a", clock, runner, metrics);

    Instant end = T0.plus(Duration.ofDays(3));
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofMinutes(10));
      scheduler.tick().await();
    }

    List<RunRecord> runs = scheduler.history().recent(table, 1000);
    // Expiry, manifests and metadata follow the daily snapshot schedule, orphans its own.
    for (JobKind kind : List.of(JobKind.EXPIRY, JobKind.ORPHANS, JobKind.METADATA)) {
      assertThat(runs.stream().filter(run -> run.kind() == kind))
          .as(kind.label())
          .extracting(run -> LocalDate.ofInstant(run.started(), ZoneOffset.UTC).toString())
          .containsExactly("2026-03-07", "2026-03-06", "2026-03-05");
    }
    assertThat(runs.stream().filter(run -> run.kind() == JobKind.COMPACTION)).hasSize(72);
    assertThat(runs).allSatisfy(run -> assertThat(run.trigger()).isEqualTo(Trigger.SCHEDULE));
    assertThat(runner.calls()).hasSize(runs.size());
    assertThat(metrics.runs(JobKind.EXPIRY, RunStatus.SUCCEEDED)).isEqualTo(3);
  }

  @Test
  void compactionRunsWhenEnoughSmallFilesWereCommittedSinceTheLastOne() {
    TableIdentifier id =
        table("ingest", "orders", Map.of(PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "3"));
    Table table = catalog.loadTable(id);
    RecordingRunner runner = new RecordingRunner(clock);
    Scheduler scheduler = scheduler("node-a", clock, runner, metrics);

    appendFiles(table, 2, SMALL);
    assertThat(scheduler.tick().await()).as("2 small files are not enough").isEmpty();
    appendFiles(table, 1, SMALL);
    List<TableOutcome> outcomes = scheduler.tick().await();
    assertThat(outcomes)
        .singleElement()
        .satisfies(outcome -> assertThat(outcome.runs()).hasSize(1));
    RunRecord compaction = outcomes.get(0).runs().get(0).record();
    assertThat(compaction.kind()).isEqualTo(JobKind.COMPACTION);
    assertThat(compaction.trigger()).isEqualTo(Trigger.CHANGE);
    table.refresh();
    assertThat(compaction.startSnapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(scheduler.tick().await()).as("nothing new since the compaction").isEmpty();

    // Large files and a compaction's own rewrite are no small files to compact.
    appendFiles(table, 3, LARGE);
    DataFile small = appendFiles(table, 2, SMALL).get(0);
    table.newRewrite().deleteFile(small).addFile(file(table, SMALL)).commit();
    assertThat(scheduler.tick().await()).isEmpty();
    appendFiles(table, 1, SMALL);
    assertThat(scheduler.tick().await())
        .singleElement()
        .satisfies(outcome -> assertThat(outcome.runs()).hasSize(1));
    assertThat(runner.calls())
        .containsExactly("raw.ingest.orders compaction", "raw.ingest.orders compaction");
  }

  @Test
  void aFailedJobIsRetriedWithBackoffWhileOtherTablesGoOn() {
    Map<String, String> everyMinute = Map.of(PolicyKey.COMPACTION_SCHEDULE.property(), "* * * * *");
    TableIdentifier flaky = table("ops", "flaky", everyMinute);
    TableIdentifier steady = table("ops", "steady", everyMinute);
    RecordingRunner runner = new RecordingRunner(clock, (table, kind) -> table.equals(flaky));
    Scheduler scheduler = scheduler("node-a", clock, runner, metrics);

    for (String time :
        List.of(
            "10:01:30", "10:03:30", "10:06:30", "10:10:30", "10:16:30", "10:30:30", "10:36:30")) {
      clock.set(Instant.parse("2026-03-04T" + time + "Z"));
      scheduler.tick().await();
    }

    // Retries wait 5, 10, then 20 minutes; after the third attempt the schedule takes over,
    // still no sooner than the backoff.
    List<RunRecord> failures =
        scheduler.history().recent(flaky, 100).stream()
            .sorted(Comparator.comparing(RunRecord::id))
            .toList();
    assertThat(failures)
        .extracting(run -> run.started().toString().substring(11, 19) + " attempt " + run.attempt())
        .containsExactly(
            "10:01:30 attempt 1", "10:06:30 attempt 2", "10:16:30 attempt 3", "10:36:30 attempt 4");
    assertThat(failures)
        .allSatisfy(
            run -> {
              assertThat(run.status()).isEqualTo(RunStatus.FAILED);
              assertThat(run.error()).isEqualTo("IllegalStateException: disk full");
              assertThat(run.trigger()).isEqualTo(Trigger.SCHEDULE);
            });
    assertThat(scheduler.history().recent(steady, 100))
        .hasSize(7)
        .allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED));
    assertThat(metrics.runs(JobKind.COMPACTION, RunStatus.FAILED)).isEqualTo(4);
    assertThat(metrics.measure(JobKind.COMPACTION, Measure.FILES_LISTED)).isEqualTo(7);
    assertThat(metrics.render())
        .contains("firn_maintenance_runs_total{job=\"compaction\",status=\"failed\"} 4\n")
        .contains("firn_maintenance_runs_total{job=\"compaction\",status=\"succeeded\"} 7\n")
        .contains(
            "firn_maintenance_measure_total{job=\"compaction\",measure=\"files-listed\"} 7\n");
  }

  @Test
  void disabledPoliciesGetNoJobsAndTablesWithoutGcNoFileDeletingJobs() {
    TableIdentifier off =
        table(
            "off",
            "events",
            Map.of(
                PolicyKey.ENABLED.property(), "false",
                PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "2"));
    appendFiles(catalog.loadTable(off), 5, SMALL);
    TableIdentifier noGc = table("kept", "events", Map.of());
    catalog.loadTable(noGc).updateProperties().set(TableProperties.GC_ENABLED, "false").commit();
    RecordingRunner runner = new RecordingRunner(clock);
    Scheduler scheduler = scheduler("node-a", clock, runner, metrics);

    clock.set(Instant.parse("2026-03-05T00:00:30Z"));
    scheduler.tick().await();

    assertThat(runner.calls())
        .containsExactly("raw.kept.events compaction", "raw.kept.events manifests");
  }

  @Test
  void aManualRunIsRecordedAndADryRunDoesNotCountAsTheLastRun() {
    TableIdentifier id = table("manual", "events", Map.of());
    appendFiles(catalog.loadTable(id), 1, SMALL);
    RecordingRunner runner = new RecordingRunner(clock);
    Scheduler scheduler = scheduler("node-a", clock, runner, metrics);

    CompletedRun dryRun = scheduler.trigger(id, JobKind.ORPHANS, true).completion().join();
    assertThat(dryRun.record().dryRun()).isTrue();
    assertThat(dryRun.record().trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(dryRun.result().details()).containsExactly("looked at raw.manual.events");
    assertThat(scheduler.history().last(id, JobKind.ORPHANS)).isEmpty();

    CompletedRun real = scheduler.trigger(id, JobKind.ORPHANS, false).completion().join();
    assertThat(scheduler.history().last(id, JobKind.ORPHANS)).hasValue(real.record());
    assertThat(real.record().startSnapshotId())
        .isEqualTo(catalog.loadTable(id).currentSnapshot().snapshotId());
    assertThat(metrics.measure(JobKind.ORPHANS, Measure.FILES_LISTED))
        .as("a dry run's counts are not in the metrics")
        .isEqualTo(1);
  }

  @Test
  void aManualRunStartsAtOnceAndHoldsTheTableUntilItsJobEnds() throws Exception {
    TableIdentifier id = table("manual", "slow", Map.of());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingRunner recorded = new RecordingRunner(clock);
    JobRunner slow =
        (table, kind, dryRun) -> {
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return recorded.run(table, kind, dryRun);
        };
    Scheduler scheduler = scheduler("node-a", clock, slow, metrics);

    StartedRun started = scheduler.trigger(id, JobKind.COMPACTION, false);

    assertThat(started.record().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(started.record().trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(running.await(30, TimeUnit.SECONDS)).as("the job runs on the pool").isTrue();
    assertThat(started.completion()).isNotDone();
    assertThat(scheduler.history().find(started.record().id()))
        .hasValueSatisfying(run -> assertThat(run.status()).isEqualTo(RunStatus.RUNNING));
    assertThatThrownBy(() -> scheduler.trigger(id, JobKind.EXPIRY, false))
        .as("the table is held while the job runs")
        .isInstanceOf(TableBusyException.class);

    release.countDown();
    CompletedRun done = started.completion().get(30, TimeUnit.SECONDS);
    assertThat(done.record().id()).isEqualTo(started.record().id());
    assertThat(done.record().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(scheduler.history().find(started.record().id()))
        .hasValueSatisfying(run -> assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED));
    assertThat(scheduler.history().find(started.record().id() + 1000)).isEmpty();
    assertThat(scheduler.trigger(id, JobKind.EXPIRY, true).completion().get(30, TimeUnit.SECONDS))
        .as("the lease was given back")
        .satisfies(run -> assertThat(run.record().status()).isEqualTo(RunStatus.SUCCEEDED));
    assertThat(recorded.calls())
        .containsExactly("raw.manual.slow compaction", "raw.manual.slow expiry (dry run)");
  }

  @Test
  void anotherNodeTakesOverATableAfterItsHolderStoppedAndTheLeaseExpired() {
    TableIdentifier id = table("shared", "events", Map.of());
    // node-a takes the lease, records a running job, and stops without a word.
    TableLeases stopped =
        new TableLeases(dataSource(), CATALOG, "node-a", Duration.ofMinutes(10), clock);
    assertThat(stopped.acquire(id)).isPresent();
    RunRecord abandoned =
        new RunHistory(dataSource(), CATALOG)
            .start(id, JobKind.COMPACTION, false, Trigger.SCHEDULE, "node-a", T0, 1, null);
    RecordingRunner runner = new RecordingRunner(clock);
    Scheduler scheduler = scheduler("node-b", clock, runner, metrics);

    clock.advance(Duration.ofMinutes(9));
    assertThatThrownBy(() -> scheduler.trigger(id, JobKind.COMPACTION, false))
        .isInstanceOfSatisfying(
            TableBusyException.class, e -> assertThat(e.holder()).isEqualTo("node-a"));
    scheduler.tick().await();
    assertThat(scheduler.history().last(id, JobKind.COMPACTION).orElseThrow().status())
        .as("the lease still lives")
        .isEqualTo(RunStatus.RUNNING);

    clock.advance(Duration.ofMinutes(2));
    CompletedRun run = scheduler.trigger(id, JobKind.COMPACTION, false).completion().join();

    assertThat(run.record().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.record().node()).isEqualTo("node-b");
    assertThat(runner.calls()).containsExactly("raw.shared.events compaction");
    RunRecord old =
        scheduler.history().recent(id, 10).stream()
            .filter(r -> r.id() == abandoned.id())
            .findFirst()
            .orElseThrow();
    assertThat(old.status()).isEqualTo(RunStatus.FAILED);
    assertThat(old.error()).isEqualTo(RunHistory.ABANDONED);
    assertThat(stopped.renew(id)).as("node-a lost its lease").isFalse();
  }

  @Test
  void aJobWhoseNodeLostTheLeaseCommitsNothing() {
    TableIdentifier id = table("shared", "events", Map.of());
    JobRunner runner =
        (table, kind, dryRun) -> {
          Table fenced = FencedTable.of(catalog.loadTable(table), JobLease.check()).table();
          appendFiles(fenced, 1, 10);
          // The node is cut off past its lease; another node takes the table.
          clock.advance(Duration.ofMinutes(1));
          assertThat(
                  new TableLeases(dataSource(), CATALOG, "node-b", Duration.ofMinutes(10), clock)
                      .acquire(table))
              .isPresent();
          appendFiles(fenced, 1, 10);
          return new JobReport(table.toString(), kind, dryRun, clock).done();
        };
    Scheduler scheduler = scheduler("node-a", clock, runner, metrics);

    CompletedRun run = scheduler.trigger(id, JobKind.COMPACTION, false).completion().join();

    assertThat(run.record().status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.record().error()).contains("Lost the maintenance lease on raw.shared.events");
    assertThat(catalog.loadTable(id).snapshots()).as("the commit before the loss only").hasSize(1);
  }

  @Test
  void aScheduledRunLeftByAStoppedNodeIsFailedAndRetried() {
    TableIdentifier id = table("shared", "events", Map.of());
    TableLeases stopped =
        new TableLeases(dataSource(), CATALOG, "node-a", Duration.ofMinutes(10), clock);
    stopped.acquire(id);
    new RunHistory(dataSource(), CATALOG)
        .start(id, JobKind.COMPACTION, false, Trigger.SCHEDULE, "node-a", T0, 1, null);
    RecordingRunner runner = new RecordingRunner(clock);
    Scheduler scheduler = scheduler("node-b", clock, runner, metrics);

    clock.advance(Duration.ofMinutes(11));
    // Closed as abandoned and taken up again in the same tick: the job did not fail, its node died.
    scheduler.tick().await();
    RunRecord retry = scheduler.history().last(id, JobKind.COMPACTION).orElseThrow();
    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(retry.attempt()).isEqualTo(2);
    assertThat(retry.trigger()).isEqualTo(Trigger.SCHEDULE);
    assertThat(retry.node()).isEqualTo("node-b");
  }

  @Test
  void aJobWhoseRunsKeepDyingWaitsBeforeItIsTakenUpAgain() {
    TableIdentifier id = table("shared", "events", Map.of());
    TableLeases stopped =
        new TableLeases(dataSource(), CATALOG, "node-a", Duration.ofMinutes(10), clock);
    stopped.acquire(id);
    new RunHistory(dataSource(), CATALOG)
        .start(
            id,
            JobKind.COMPACTION,
            false,
            Trigger.SCHEDULE,
            "node-a",
            T0,
            DueJobs.ABANDONED_AT_ONCE,
            null);
    Scheduler scheduler = scheduler("node-b", clock, new RecordingRunner(clock), metrics);

    clock.advance(Duration.ofMinutes(11));
    assertThat(scheduler.tick().await()).as("its third run died too: it waits").isEmpty();
    assertThat(scheduler.history().last(id, JobKind.COMPACTION).orElseThrow().status())
        .isEqualTo(RunStatus.FAILED);
  }

  @Test
  void aNodeThatStartsAgainFreesItsLeasesAndClosesItsRunsAtOnce() {
    TableIdentifier id = table("shared", "events", Map.of());
    // node-a's previous start took the lease, recorded a running job, and was killed.
    TableLeases killed =
        new TableLeases(dataSource(), CATALOG, "node-a", Duration.ofMinutes(10), clock);
    assertThat(killed.acquire(id)).isPresent();
    RunRecord left =
        new RunHistory(dataSource(), CATALOG)
            .start(id, JobKind.COMPACTION, false, Trigger.SCHEDULE, "node-a", T0, 1, null);
    RecordingRunner runner = new RecordingRunner(clock);
    Scheduler other = scheduler("node-b", clock, runner, metrics);
    Scheduler restarted = scheduler("node-a", clock, runner, metrics);

    restarted.freeWhatThisNodeLeft();

    RunRecord old =
        restarted.history().recent(id, 10).stream()
            .filter(r -> r.id() == left.id())
            .findFirst()
            .orElseThrow();
    assertThat(old.status()).isEqualTo(RunStatus.FAILED);
    assertThat(old.error()).isEqualTo(RunHistory.RESTARTED);
    // Free at once, for any node: no wait for the lease to lapse.
    CompletedRun run = other.trigger(id, JobKind.COMPACTION, false).completion().join();
    assertThat(run.record().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runner.calls()).containsExactly("raw.shared.events compaction");
  }
}
