package dev.firn.maintenance.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.testing.MovableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Leases and run history in the catalog's database, on each database Firn supports. */
abstract class LeaseAndHistoryTests extends DatabaseTests {
  private static final TableIdentifier EVENTS = TableIdentifier.of("raw", "events");
  private static final TableIdentifier ORDERS = TableIdentifier.of("raw", "orders");

  @Test
  void aLeaseIsExclusiveUntilReleasedOrExpiredAndRenewalKeepsIt() {
    MovableClock clock = new MovableClock(T0);
    DataSource first = dataSource();
    TableLeases a = new TableLeases(first, CATALOG, "node-a", Duration.ofMinutes(10), clock);
    TableLeases b = new TableLeases(dataSource(), CATALOG, "node-b", Duration.ofMinutes(10), clock);

    assertThat(a.acquire(EVENTS))
        .hasValue(new Lease(EVENTS, "node-a", T0, T0.plus(Duration.ofMinutes(10))));
    assertThat(b.acquire(EVENTS)).isEmpty();
    assertThat(b.holder(EVENTS)).map(Lease::owner).hasValue("node-a");
    // Other tables, and the same table name in another catalog, have leases of their own.
    assertThat(b.acquire(ORDERS)).isPresent();
    assertThat(
            new TableLeases(first, "other", "node-b", Duration.ofMinutes(10), clock)
                .acquire(EVENTS))
        .isPresent();

    clock.advance(Duration.ofMinutes(9));
    assertThat(a.renew(EVENTS)).isTrue();
    clock.advance(Duration.ofMinutes(5));
    assertThat(b.acquire(EVENTS)).as("renewed until 19 minutes in").isEmpty();

    a.release(EVENTS);
    assertThat(b.holder(EVENTS)).isEmpty();
    assertThat(b.acquire(EVENTS)).isPresent();
    assertThat(a.renew(EVENTS)).isFalse();

    clock.advance(Duration.ofMinutes(10));
    assertThat(a.acquire(EVENTS)).as("b's lease expired").isPresent();
    assertThat(b.renew(EVENTS)).isFalse();
    // Releasing a lease another node holds changes nothing.
    b.release(EVENTS);
    assertThat(a.holder(EVENTS)).map(Lease::owner).hasValue("node-a");
  }

  @Test
  void aRunningJobKeepsItsLeaseWithHeartbeatsAndGivesItBackAfter() {
    MovableClock clock = new MovableClock(T0);
    DataSource db = dataSource();
    TableLeases mine = new TableLeases(db, CATALOG, "node-a", Duration.ofMinutes(10), clock);
    TableLeases other =
        new TableLeases(dataSource(), CATALOG, "node-b", Duration.ofMinutes(10), clock);
    CapturedHeartbeats heartbeats = new CapturedHeartbeats();
    List<String> seenByOther = new ArrayList<>();
    boolean[] beat = {true};
    JobRunner runner =
        (table, kind, dryRun) -> {
          for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(8));
            if (beat[0]) {
              heartbeats.beat();
            }
            seenByOther.add(other.acquire(table).isPresent() ? "taken" : "held");
          }
          return new JobReport(table.toString(), kind, dryRun, clock).done();
        };
    LeasedRuns runs =
        new LeasedRuns(
            mine,
            new RunHistory(db, CATALOG),
            runner,
            new MaintenanceMetrics(),
            clock,
            heartbeats,
            Duration.ofMinutes(1));
    DueJob job = new DueJob(JobKind.COMPACTION, Trigger.MANUAL, 1, "asked for");
    try {
      assertThat(runs.run(EVENTS, null, at -> List.of(job), false).runs()).hasSize(1);
      assertThat(seenByOther).containsExactly("held", "held", "held");
      assertThat(mine.holder(EVENTS)).as("given back after the job").isEmpty();

      // Without heartbeats the lease lapses under the job.
      beat[0] = false;
      seenByOther.clear();
      runs.run(ORDERS, null, at -> List.of(job), false);
      assertThat(seenByOther).containsExactly("held", "taken", "taken");
    } finally {
      heartbeats.shutdownNow();
    }
  }

  /** Heartbeats that run when the test says, instead of on a timer. */
  private static final class CapturedHeartbeats extends ScheduledThreadPoolExecutor {
    private final List<Runnable> scheduled = new CopyOnWriteArrayList<>();

    CapturedHeartbeats() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      ScheduledFuture<?> future = super.schedule(() -> {}, 1, TimeUnit.DAYS);
      Runnable onlyWhileScheduled =
          () -> {
            if (!future.isCancelled()) {
              command.run();
            }
          };
      scheduled.add(onlyWhileScheduled);
      return future;
    }

    void beat() {
      scheduled.forEach(Runnable::run);
    }
  }

  @Test
  void aNodeTakesItsOwnLeaseAgainAfterARestart() {
    MovableClock clock = new MovableClock(T0);
    TableLeases before =
        new TableLeases(dataSource(), CATALOG, "node-a", Duration.ofMinutes(10), clock);
    TableLeases after =
        new TableLeases(dataSource(), CATALOG, "node-a", Duration.ofMinutes(10), clock);
    assertThat(before.acquire(EVENTS)).isPresent();
    assertThat(after.acquire(EVENTS)).isPresent();
  }

  @Test
  void theRunHistoryKeepsEachRunAndAnswersRecentAndLastRuns() throws SQLException {
    DataSource db = dataSource();
    RunHistory history = new RunHistory(db, CATALOG);
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    RunRecord compaction =
        history.start(ORDERS, JobKind.COMPACTION, false, Trigger.SCHEDULE, "node-a", T0, 1, 42L);
    JobResult compacted =
        new JobReport("raw.orders", JobKind.COMPACTION, false, clock)
            .add(Measure.FILES_REWRITTEN, 12)
            .add(Measure.BYTES_REWRITTEN, 1L << 40)
            .snapshot(7L)
            .snapshot(8L)
            .done();
    RunRecord compactionDone = history.finish(compaction, compacted, T0.plusSeconds(5));
    RunRecord expiry =
        history.start(
            ORDERS, JobKind.EXPIRY, false, Trigger.CHANGE, "node-b", T0.plusSeconds(10), 2, null);
    history.finish(
        expiry,
        new JobReport("raw.orders", JobKind.EXPIRY, false, clock)
            .failed(new IllegalStateException("boom")),
        T0.plusSeconds(11));
    RunRecord dryRun =
        history.start(
            ORDERS, JobKind.COMPACTION, true, Trigger.MANUAL, "node-a", T0.plusSeconds(20), 1, 43L);
    history.finish(
        dryRun,
        new JobReport("raw.orders", JobKind.COMPACTION, true, clock).done(),
        T0.plusSeconds(21));
    RunRecord running =
        history.start(
            EVENTS,
            JobKind.COMPACTION,
            false,
            Trigger.MANUAL,
            "node-b",
            T0.plusSeconds(30),
            1,
            null);

    assertThat(history.recent(10))
        .extracting(RunRecord::id)
        .containsExactly(running.id(), dryRun.id(), expiry.id(), compaction.id());
    assertThat(history.recent(ORDERS, 2))
        .extracting(RunRecord::id)
        .containsExactly(dryRun.id(), expiry.id());
    assertThat(history.recent(ORDERS, 10).get(2)).isEqualTo(compactionDone);
    assertThat(compactionDone.counts())
        .isEqualTo(Map.of(Measure.FILES_REWRITTEN, 12L, Measure.BYTES_REWRITTEN, 1L << 40));
    assertThat(compactionDone.snapshotIds()).containsExactly(7L, 8L);

    assertThat(history.last(ORDERS, JobKind.COMPACTION))
        .as("a dry run is not the last run")
        .hasValue(compactionDone);
    RunRecord failed = history.last(ORDERS, JobKind.EXPIRY).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).isEqualTo("IllegalStateException: boom");
    assertThat(failed.attempt()).isEqualTo(2);
    assertThat(failed.trigger()).isEqualTo(Trigger.CHANGE);
    assertThat(failed.finished()).isEqualTo(T0.plusSeconds(11));
    assertThat(failed.startSnapshotId()).isNull();
    RunRecord stillRunning = history.last(EVENTS, JobKind.COMPACTION).orElseThrow();
    assertThat(stillRunning.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(stillRunning.finished()).isNull();
    assertThat(history.last(EVENTS, JobKind.EXPIRY)).isEmpty();

    assertThat(history.latest())
        .extracting(run -> run.table() + " " + run.kind().label() + " " + run.status().label())
        .containsExactly(
            "raw.events compaction running",
            "raw.orders compaction succeeded",
            "raw.orders expiry failed");
    assertThat(new RunHistory(db, "other").recent(10)).isEmpty();

    // Counts edited by hand into something that is not JSON read as none; the history still reads.
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE " + StateTables.RUNS + " SET counts = 'files=3' WHERE id = " + compaction.id());
    }
    assertThat(history.find(compaction.id()).orElseThrow().counts()).isEmpty();
    assertThat(history.find(compaction.id()).orElseThrow().snapshotIds()).containsExactly(7L, 8L);
  }

  @Test
  void runsWhoseNodeLostItsLeaseAreMarkedAbandoned() {
    MovableClock clock = new MovableClock(T0);
    DataSource db = dataSource();
    RunHistory history = new RunHistory(db, CATALOG);
    TableLeases leases = new TableLeases(db, CATALOG, "node-a", Duration.ofMinutes(10), clock);
    leases.acquire(EVENTS);
    RunRecord leased =
        history.start(EVENTS, JobKind.COMPACTION, false, Trigger.SCHEDULE, "node-a", T0, 1, null);
    RunRecord unleased =
        history.start(ORDERS, JobKind.COMPACTION, false, Trigger.SCHEDULE, "node-a", T0, 1, null);

    assertThat(history.abandonUnleased(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(history.last(ORDERS, JobKind.COMPACTION).orElseThrow())
        .satisfies(
            run -> {
              assertThat(run.id()).isEqualTo(unleased.id());
              assertThat(run.status()).isEqualTo(RunStatus.FAILED);
              assertThat(run.error()).isEqualTo(RunHistory.ABANDONED);
              assertThat(run.finished()).isEqualTo(T0.plusSeconds(60));
            });
    assertThat(history.last(EVENTS, JobKind.COMPACTION).orElseThrow().status())
        .isEqualTo(RunStatus.RUNNING);

    assertThat(history.abandonUnleased(T0.plus(Duration.ofMinutes(11)))).isEqualTo(1);
    assertThat(history.last(EVENTS, JobKind.COMPACTION).orElseThrow())
        .satisfies(
            run -> {
              assertThat(run.id()).isEqualTo(leased.id());
              assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            });
    assertThat(history.recent(10)).extracting(RunRecord::status).containsOnly(RunStatus.FAILED);
    assertThat(history.abandonUnleased(T0.plus(Duration.ofHours(1)))).isZero();
  }
}
