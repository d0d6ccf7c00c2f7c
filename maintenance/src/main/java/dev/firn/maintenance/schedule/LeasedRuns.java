package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a table's jobs under its lease: takes the lease, renews it while the jobs run, records each
 * job in the run history, and gives the lease back. A table already held, by a job on this node or
 * on another, is reported busy and nothing runs. A job asked for by hand is started: the lease is
 * taken and the run recorded at once, the job itself runs on the scheduler's pool.
 */
final class LeasedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(LeasedRuns.class);

  private final TableLeases leases;
  private final RunHistory history;
  private final JobRunner runner;
  private final MaintenanceMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService heartbeats;
  private final Duration heartbeatInterval;
  // The lease is the node's, so two jobs of this node must also keep off each other's table.
  private final Set<TableIdentifier> inFlight = ConcurrentHashMap.newKeySet();

  LeasedRuns(
      TableLeases leases,
      RunHistory history,
      JobRunner runner,
      MaintenanceMetrics metrics,
      Clock clock,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval) {
    this.leases = leases;
    this.history = history;
    this.runner = runner;
    this.metrics = metrics;
    this.clock = clock;
    this.heartbeats = heartbeats;
    this.heartbeatInterval = heartbeatInterval;
  }

  /**
   * Runs the jobs a plan lists, the plan made once the lease is held so that it sees every run
   * another node finished before.
   *
   * @param snapshotId the table's current snapshot as the plan saw it, recorded with each run
   */
  TableOutcome run(
      TableIdentifier table,
      Long snapshotId,
      Function<Instant, List<DueJob>> plan,
      boolean dryRun) {
    Hold hold;
    try {
      hold = hold(table);
    } catch (TableBusyException e) {
      return TableOutcome.busy(table, e.holder());
    }
    try (hold) {
      List<CompletedRun> runs = new ArrayList<>();
      for (DueJob job : plan.apply(clock.instant())) {
        runs.add(finish(recordStart(table, snapshotId, job, dryRun), job, dryRun));
      }
      return TableOutcome.ran(table, runs);
    }
  }

  /**
   * Takes the table's lease and records one job as running in the caller's thread, then runs it on
   * {@code executor}, which gives the lease back when the job ends. So a caller learns at once
   * whether the table is busy and which run it started, without waiting for the job.
   *
   * @throws TableBusyException when another job holds the table
   * @throws RejectedExecutionException when the executor takes no more work; nothing runs, and the
   *     recorded run is marked failed
   */
  StartedRun start(
      TableIdentifier table, Long snapshotId, DueJob job, boolean dryRun, Executor executor) {
    Hold hold = hold(table);
    RunRecord running;
    try {
      running = recordStart(table, snapshotId, job, dryRun);
    } catch (RuntimeException e) {
      hold.close();
      throw e;
    }
    try {
      CompletableFuture<CompletedRun> done =
          CompletableFuture.supplyAsync(
              () -> {
                try (hold) {
                  return finish(running, job, dryRun);
                }
              },
              executor);
      return new StartedRun(running, done);
    } catch (RejectedExecutionException e) {
      try (hold) {
        JobResult stopped =
            new JobReport(table.toString(), job.kind(), dryRun, clock)
                .failed(new IllegalStateException("Maintenance stopped before the job began"));
        history.finish(running, stopped, clock.instant());
      }
      throw e;
    }
  }

  /**
   * Takes the table's lease and renews it until the returned hold is closed.
   *
   * @throws TableBusyException when another job, on this node or another, holds the table
   */
  private Hold hold(TableIdentifier table) {
    if (!inFlight.add(table)) {
      metrics.skippedBusy();
      throw new TableBusyException(table, leases.owner());
    }
    Hold hold = new Hold(table);
    try {
      if (leases.acquire(table).isEmpty()) {
        metrics.skippedBusy();
        throw new TableBusyException(
            table, leases.holder(table).map(Lease::owner).orElse("another node"));
      }
      long every = heartbeatInterval.toMillis();
      hold.heartbeat =
          heartbeats.scheduleAtFixedRate(() -> renew(table), every, every, TimeUnit.MILLISECONDS);
      history.abandonRunning(table, clock.instant());
      return hold;
    } catch (TableBusyException e) {
      inFlight.remove(table);
      throw e;
    } catch (RuntimeException e) {
      hold.close();
      throw e;
    }
  }

  /** A table's lease while this node holds it: closing it stops renewing and gives it back. */
  private final class Hold implements AutoCloseable {
    private final TableIdentifier table;
    private ScheduledFuture<?> heartbeat;

    Hold(TableIdentifier table) {
      this.table = table;
    }

    @Override
    public void close() {
      try {
        if (heartbeat != null) {
          heartbeat.cancel(false);
        }
        leases.release(table);
      } finally {
        inFlight.remove(table);
      }
    }
  }

  /** Records a job as running. */
  private RunRecord recordStart(
      TableIdentifier table, Long snapshotId, DueJob job, boolean dryRun) {
    return history.start(
        table,
        job.kind(),
        dryRun,
        job.trigger(),
        leases.owner(),
        clock.instant(),
        job.attempt(),
        snapshotId);
  }

  /** Runs a job recorded as running, and records how it ended. */
  private CompletedRun finish(RunRecord running, DueJob job, boolean dryRun) {
    TableIdentifier table = running.table();
    JobResult result;
    try {
      result =
          JobLease.during(() -> confirmLease(table), () -> runner.run(table, job.kind(), dryRun));
      if (result == null) {
        throw new IllegalStateException("The job runner returned no result");
      }
    } catch (RuntimeException e) {
      result = new JobReport(table.toString(), job.kind(), dryRun, clock).failed(e);
    }
    RunRecord finished = history.finish(running, result, clock.instant());
    metrics.record(finished);
    String line = "Maintenance run {}: {} ({}, attempt {}: {})";
    Object[] values = {
      finished.id(), result.summary(), job.trigger().label(), job.attempt(), job.reason()
    };
    if (result.succeeded()) {
      LOG.info(line, values);
    } else {
      LOG.warn(line, values);
    }
    return new CompletedRun(finished, result);
  }

  /**
   * Confirms, right before a job commits, that this node still holds the table's lease, and extends
   * it by a lease's length: no other node can take it while the commit runs.
   */
  private void confirmLease(TableIdentifier table) {
    if (!leases.renew(table)) {
      throw new JobLease.LeaseLostException(
          "Lost the maintenance lease on "
              + table
              + " to another node: this job stops without committing");
    }
  }

  private void renew(TableIdentifier table) {
    try {
      if (!leases.renew(table)) {
        LOG.warn("Lost the maintenance lease on {}: another node may now run jobs on it", table);
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot renew the maintenance lease on {}: {}", table, e.toString());
    }
  }
}
