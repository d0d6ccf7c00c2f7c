package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * on another, is reported busy and nothing runs.
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
    if (!inFlight.add(table)) {
      metrics.skippedBusy();
      return TableOutcome.busy(table, leases.owner());
    }
    try {
      if (leases.acquire(table).isEmpty()) {
        metrics.skippedBusy();
        String holder = leases.holder(table).map(Lease::owner).orElse("another node");
        return TableOutcome.busy(table, holder);
      }
      ScheduledFuture<?> heartbeat = null;
      try {
        long every = heartbeatInterval.toMillis();
        heartbeat =
            heartbeats.scheduleAtFixedRate(() -> renew(table), every, every, TimeUnit.MILLISECONDS);
        history.abandonRunning(table, clock.instant());
        List<CompletedRun> runs = new ArrayList<>();
        for (DueJob job : plan.apply(clock.instant())) {
          runs.add(runOne(table, snapshotId, job, dryRun));
        }
        return TableOutcome.ran(table, runs);
      } finally {
        if (heartbeat != null) {
          heartbeat.cancel(false);
        }
        leases.release(table);
      }
    } finally {
      inFlight.remove(table);
    }
  }

  private CompletedRun runOne(TableIdentifier table, Long snapshotId, DueJob job, boolean dryRun) {
    RunRecord running =
        history.start(
            table,
            job.kind(),
            dryRun,
            job.trigger(),
            leases.owner(),
            clock.instant(),
            job.attempt(),
            snapshotId);
    JobResult result;
    try {
      result = runner.run(table, job.kind(), dryRun);
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
