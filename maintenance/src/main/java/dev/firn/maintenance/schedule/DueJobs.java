package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.policy.CronSchedule;
import dev.firn.maintenance.policy.EffectivePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which jobs are due on a table, from its policy, its snapshot summaries and its run
 * history; it reads and changes nothing else.
 *
 * <p>A job is due when its schedule fired since its last run started (since the scheduler started,
 * for a job never run), or when the table changed enough: for compaction, at least the policy's
 * {@code min-small-files} data files committed in small batches since the last compaction; for the
 * manifest rewrite, at least {@code max-small-manifests} commits since the last one, each commit
 * adding a manifest. Expiry, the manifest rewrite and metadata cleanup follow the snapshot
 * schedule: snapshots, manifests and metadata files all pile up with commits. A failed job is
 * retried after the retry delay for its attempt, keeping its trigger, up to the configured number
 * of attempts; after that it waits for its schedule or a change, and still the retry delay. Nothing
 * is due on a table whose policy is disabled, and no file-deleting job on a table with {@code
 * gc.enabled=false}.
 */
final class DueJobs {
  private static final Logger LOG = LoggerFactory.getLogger(DueJobs.class);

  private final SchedulerConfig config;
  private final Instant schedulerStarted;
  private final Map<String, Optional<CronSchedule>> schedules = new ConcurrentHashMap<>();

  DueJobs(SchedulerConfig config, Instant schedulerStarted) {
    this.config = config;
    this.schedulerStarted = schedulerStarted;
  }

  /** The due jobs, in the order they run. */
  List<DueJob> of(MaintainedTable table, Map<JobKind, RunRecord> lastRuns, Instant now) {
    if (!table.policy().enabled()) {
      return List.of();
    }
    List<DueJob> due = new ArrayList<>();
    for (JobKind kind : JobKind.values()) {
      if (kind.allowedOn(table.table())) {
        due(kind, table, lastRuns.get(kind), now).ifPresent(due::add);
      }
    }
    return due;
  }

  /** The schedule a job follows under a policy. */
  static String schedule(JobKind kind, EffectivePolicy policy) {
    return switch (kind) {
      case COMPACTION -> policy.compactionSchedule();
      case ORPHANS -> policy.orphanSchedule();
      case EXPIRY, MANIFESTS, METADATA -> policy.snapshotSchedule();
    };
  }

  private Optional<DueJob> due(JobKind kind, MaintainedTable table, RunRecord last, Instant now) {
    if (last == null) {
      return fresh(kind, table, null, 1, now);
    }
    return switch (last.status()) {
      // Another node holds the table; runs abandoned by a stopped node were failed at tick start.
      case RUNNING -> Optional.empty();
      case SUCCEEDED -> fresh(kind, table, last, 1, now);
      case FAILED -> afterFailure(kind, table, last, now);
    };
  }

  /** Attempts that, abandoned by their node, are taken up again without waiting. */
  static final int ABANDONED_AT_ONCE = 3;

  private Optional<DueJob> afterFailure(
      JobKind kind, MaintainedTable table, RunRecord last, Instant now) {
    Instant failed = last.finished() == null ? last.started() : last.finished();
    // A run whose node died did not fail: it is taken up again at once, unless runs of this job
    // keep dying, which may be the job's doing (a node that runs out of memory), and then waits.
    boolean takeUpAtOnce = RunHistory.abandoned(last) && last.attempt() < ABANDONED_AT_ONCE;
    if (!takeUpAtOnce && now.isBefore(failed.plus(config.retryDelay(last.attempt())))) {
      return Optional.empty();
    }
    int attempt = last.attempt() + 1;
    if (last.trigger() != Trigger.MANUAL && last.attempt() < config.maxAttempts()) {
      return Optional.of(new DueJob(kind, last.trigger(), attempt, "retry after: " + last.error()));
    }
    return fresh(kind, table, last, attempt, now);
  }

  /** Due by schedule or by change since the last run ({@code null}: never run). */
  private Optional<DueJob> fresh(
      JobKind kind, MaintainedTable table, RunRecord last, int attempt, Instant now) {
    String text = schedule(kind, table.policy());
    Instant from = last == null ? schedulerStarted : last.started();
    Optional<Instant> fired =
        parse(text, table).flatMap(cron -> cron.next(from)).filter(fire -> !fire.isAfter(now));
    if (fired.isPresent()) {
      return Optional.of(
          new DueJob(
              kind, Trigger.SCHEDULE, attempt, "schedule " + text + " fired at " + fired.get()));
    }
    return change(kind, table, last)
        .map(reason -> new DueJob(kind, Trigger.CHANGE, attempt, reason));
  }

  private static Optional<String> change(JobKind kind, MaintainedTable table, RunRecord last) {
    EffectivePolicy policy = table.policy();
    if (kind == JobKind.COMPACTION) {
      long small = TableChanges.smallFilesSince(table.table(), last, policy.targetFileSize());
      if (small >= policy.minSmallFiles()) {
        return Optional.of(small + " small data files since the last compaction");
      }
    } else if (kind == JobKind.MANIFESTS) {
      long commits = TableChanges.commitsSince(table.table(), last);
      if (commits >= policy.maxSmallManifests()) {
        return Optional.of(commits + " commits since the last manifest rewrite");
      }
    }
    return Optional.empty();
  }

  // The catalog checks a schedule's shape but not its ranges: a value such as "99 * * * *" gets
  // through, and then only its change triggers run the job.
  private Optional<CronSchedule> parse(String text, MaintainedTable table) {
    return schedules.computeIfAbsent(
        text,
        t -> {
          try {
            return Optional.of(CronSchedule.parse(t));
          } catch (IllegalArgumentException e) {
            LOG.warn("Maintenance schedule of {} never fires: {}", table.id(), e.getMessage());
            return Optional.empty();
          }
        });
  }
}
