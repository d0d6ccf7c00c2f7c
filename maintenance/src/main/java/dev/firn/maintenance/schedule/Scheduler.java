package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firn's maintenance loop. At each tick it walks the zone tables, works out which jobs are due on
 * each, and hands each table with due jobs to a bounded pool, where its jobs run in order
 * (compaction, expiry, orphans, manifests, metadata) under the table's lease. Every run goes to the
 * run history in the catalog's database; a failure is retried later with backoff and never stops
 * the loop. Several nodes may run a scheduler on one database: the lease keeps them off each
 * other's tables.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** How long closing waits for running jobs before interrupting them. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private final ZoneTables tables;
  private final RunHistory history;
  private final Clock clock;
  private final SchedulerConfig config;
  private final DueJobs dueJobs;
  private final LeasedRuns leasedRuns;
  private final TableLeases leases;
  private final ExecutorService jobs;
  private final ScheduledExecutorService heartbeats;
  private final ScheduledExecutorService loop;
  // Tables handed to the pool and not finished yet; a later tick leaves them alone.
  private final Set<TableIdentifier> pending = ConcurrentHashMap.newKeySet();
  private final MaintenanceMetrics metrics;

  /**
   * A scheduler; nothing runs until {@link #start()} or {@link #tick()}.
   *
   * @param tables the tables to maintain, with their policies
   * @param runner runs one job
   * @param database the catalog's database, for leases and run history
   * @param clock the time schedules, leases and history use
   * @param config how the loop runs
   * @param metrics counters to add to
   */
  public Scheduler(
      ZoneTables tables,
      JobRunner runner,
      DataSource database,
      Clock clock,
      SchedulerConfig config,
      MaintenanceMetrics metrics) {
    this.tables = tables;
    this.history = new RunHistory(database, config.catalogName());
    this.clock = clock;
    this.config = config;
    this.metrics = metrics;
    this.dueJobs = new DueJobs(config, clock.instant());
    this.leases =
        new TableLeases(
            database, config.catalogName(), config.node(), config.leaseDuration(), clock);
    this.jobs = Executors.newFixedThreadPool(config.parallelism(), threads("job"));
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(threads("heartbeat"));
    this.loop = Executors.newSingleThreadScheduledExecutor(threads("tick"));
    this.leasedRuns =
        new LeasedRuns(
            leases, history, runner, metrics, clock, heartbeats, config.heartbeatInterval());
  }

  /**
   * Ticks now and then every tick interval, until closed. A node that starts again first frees what
   * its previous run left behind: its leases, and its runs still shown running, closed as
   * abandoned.
   */
  public void start() {
    freeWhatThisNodeLeft();
    loop.scheduleWithFixedDelay(
        this::tickQuietly, 0, config.tickInterval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "Maintenance scheduler started on node {}: a tick every {}, {} tables at once",
        config.node(),
        config.tickInterval(),
        config.parallelism());
  }

  /**
   * Frees what this node's previous start left behind: its leases, and its runs still shown
   * running, closed as abandoned. Only one process runs as a node at a time ({@code firn serve}
   * locks the node's data folder), so nothing of this node is alive yet.
   */
  void freeWhatThisNodeLeft() {
    try {
      int abandoned = history.abandonRunsOf(config.node(), clock.instant());
      int released = leases.releaseAll();
      if (abandoned + released > 0) {
        LOG.info(
            "Node {} started again: closed {} runs of its previous start as abandoned, freed {}"
                + " leases",
            config.node(),
            abandoned,
            released);
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot free what node {} held before it started: {}", config.node(), e.toString());
    }
  }

  /**
   * Finds the due jobs of every table and hands them to the pool. Returns at once; the returned
   * tick tells when each table's jobs are done.
   */
  public Tick tick() {
    Instant now = clock.instant();
    List<TableIdentifier> ids;
    try {
      history.abandonUnleased(now);
      ids = tables.list();
    } catch (RuntimeException e) {
      LOG.warn("Maintenance tick skipped: cannot list tables: {}", e.toString());
      return new Tick(now, List.of());
    }
    Map<Namespace, Map<String, String>> namespaces = new HashMap<>();
    List<CompletableFuture<TableOutcome>> started = new ArrayList<>();
    for (TableIdentifier id : ids) {
      plan(id, now, namespaces).ifPresent(started::add);
    }
    return new Tick(now, started);
  }

  /**
   * Starts one job on a table now, whatever its schedule. The table's lease is taken and the run
   * recorded before this returns; the job runs on the job pool, like the jobs ticks find due.
   *
   * @return the run as recorded when it started, and its completion
   * @throws TableBusyException when another job holds the table
   * @throws RejectedExecutionException when the scheduler is closing
   */
  public StartedRun trigger(TableIdentifier table, JobKind kind, boolean dryRun) {
    DueJob job = new DueJob(kind, Trigger.MANUAL, 1, "asked for");
    return leasedRuns.start(table, tables.currentSnapshotId(table), job, dryRun, jobs);
  }

  public RunHistory history() {
    return history;
  }

  public SchedulerConfig config() {
    return config;
  }

  /** Stops ticking, lets running jobs finish for a grace period, then interrupts them. */
  @Override
  public void close() {
    loop.shutdownNow();
    jobs.shutdown();
    try {
      if (!jobs.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        jobs.shutdownNow();
      }
    } catch (InterruptedException e) {
      jobs.shutdownNow();
      Thread.currentThread().interrupt();
    }
    heartbeats.shutdownNow();
  }

  private Optional<CompletableFuture<TableOutcome>> plan(
      TableIdentifier id, Instant now, Map<Namespace, Map<String, String>> namespaces) {
    MaintainedTable table;
    try {
      table = tables.load(id, namespaces);
      if (dueJobs.of(table, history.lastRuns(id), now).isEmpty()) {
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot plan maintenance of {}: {}", id, e.toString());
      return Optional.empty();
    }
    if (!pending.add(id)) {
      metrics.skippedBusy();
      return Optional.of(CompletableFuture.completedFuture(TableOutcome.busy(id, config.node())));
    }
    try {
      return Optional.of(CompletableFuture.supplyAsync(() -> runDue(table), jobs));
    } catch (RejectedExecutionException e) {
      pending.remove(id);
      return Optional.empty();
    }
  }

  private TableOutcome runDue(MaintainedTable table) {
    try {
      Snapshot current = table.table().currentSnapshot();
      return leasedRuns.run(
          table.id(),
          current == null ? null : current.snapshotId(),
          at -> dueJobs.of(table, history.lastRuns(table.id()), at),
          false);
    } catch (RuntimeException e) {
      LOG.warn("Maintenance of {} stopped: {}", table.id(), e.toString());
      return TableOutcome.failed(table.id(), List.of(), e.toString());
    } finally {
      pending.remove(table.id());
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("Maintenance tick failed: {}", e.toString());
    }
  }

  private static ThreadFactory threads(String role) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, "firn-maintenance-" + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
