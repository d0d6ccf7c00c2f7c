package dev.firn.maintenance.expiry;

import dev.firn.boundary.RefusedDelete;
import dev.firn.boundary.TableLocation;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.ProtectedSnapshots;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.vocabulary.TableGc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires a table's snapshots older than its policy's max age, keeping at least its min-kept on
 * main, and deletes the files only they reached, through Iceberg's {@link ExpireSnapshots}.
 * Branches and tags keep their own retention. A snapshot a running compaction started from never
 * expires. Files are cleaned up by reachability: a file goes once no retained snapshot of any
 * branch or tag reaches it, which is also what the dry run lists.
 *
 * <p>Iceberg measures the age of branches with their own max snapshot age, and of refs with a max
 * ref age, against the system clock; the job's clock sets the table-wide cutoff.
 */
public final class SnapshotExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotExpiry.class);

  private final Table table;
  private final EffectivePolicy policy;
  private final Clock clock;
  private final ProtectedSnapshots protectedSnapshots;
  private final Consumer<String> deleter;
  private ExecutorService deleteExecutor;

  /** An expiry that deletes through the table's own FileIO. */
  public SnapshotExpiry(
      Table table, EffectivePolicy policy, Clock clock, ProtectedSnapshots protectedSnapshots) {
    this(table, policy, clock, protectedSnapshots, table.io()::deleteFile);
  }

  /**
   * An expiry.
   *
   * @param protectedSnapshots snapshots that must not expire, by table UUID
   * @param deleter deletes one file by its location
   */
  public SnapshotExpiry(
      Table table,
      EffectivePolicy policy,
      Clock clock,
      ProtectedSnapshots protectedSnapshots,
      Consumer<String> deleter) {
    this.table = table;
    this.policy = policy;
    this.clock = clock;
    this.protectedSnapshots = protectedSnapshots;
    this.deleter = deleter;
  }

  /** Deletes files on these threads instead of the committing one. */
  public SnapshotExpiry executeDeleteWith(ExecutorService executor) {
    this.deleteExecutor = executor;
    return this;
  }

  /**
   * What the expiry would do, changing nothing: the snapshots that would expire and, in details,
   * the files that would be deleted.
   */
  public JobResult apply() {
    return run(true);
  }

  /** Expires the snapshots and deletes the files only they reached. */
  public JobResult commit() {
    return run(false);
  }

  private JobResult run(boolean dryRun) {
    JobReport report = new JobReport(table.name(), JobKind.EXPIRY, dryRun, clock);
    JobResult result;
    try {
      table.refresh();
      result = TableGc.enabled(table) ? expire(report) : report.detail(TableGc.DISABLED).done();
    } catch (RuntimeException e) {
      result = report.failed(e);
    }
    LOG.info(
        "{}{}",
        result.summary(),
        result.snapshotIds().isEmpty() ? "" : ", snapshots " + result.snapshotIds());
    return result;
  }

  private JobResult expire(JobReport report) {
    long cutoff = clock.millis() - policy.snapshotMaxAge().toMillis();
    ExpiryPlanner planner =
        new ExpiryPlanner(
            table, policy.snapshotMinKept(), protectedSnapshots.of(table.uuid().toString()));
    ExpiryPlan plan = planner.plan(cutoff);
    plan.notes().forEach(report::detail);
    if (plan.expiring().isEmpty()) {
      // Refs past their max age are removed with the next expiry that removes a snapshot.
      return report.done();
    }
    return report.dryRun() ? describe(plan, report) : commit(planner, plan, report);
  }

  private JobResult describe(ExpiryPlan plan, JobReport report) {
    plan.expiring().forEach(snapshot -> report.snapshot(snapshot.snapshotId()));
    report.add(Measure.SNAPSHOTS_EXPIRED, plan.expiring().size());
    // The commit deletes through the table's fence: what lies outside the location would stay.
    TableLocation location = TableLocation.of(table.location());
    List<RefusedDelete> foreign = new ArrayList<>();
    for (String file : new ExpiredFiles(table).of(plan.expiring())) {
      Optional<String> refusal = location.refusal(file);
      if (refusal.isPresent()) {
        foreign.add(new RefusedDelete(file, refusal.get()));
      } else {
        report.add(Measure.FILES_DELETED, 1).detail(file);
      }
    }
    return report.done().withRefusals(foreign.size(), foreign, location);
  }

  private JobResult commit(ExpiryPlanner planner, ExpiryPlan plan, JobReport report) {
    List<Snapshot> before = new ArrayList<>();
    table.snapshots().forEach(before::add);
    CountingDeleter counting = new CountingDeleter(deleter);
    ExpireSnapshots expiry = planner.expiry(plan.cutoffMillis()).deleteWith(counting);
    // Naming the planned snapshots makes Iceberg clean up by reachability, as the dry run counts,
    // rather than incrementally, which keeps a file until the snapshot that removed it expires.
    plan.expiring().forEach(snapshot -> expiry.expireSnapshotId(snapshot.snapshotId()));
    if (deleteExecutor != null) {
      expiry.executeDeleteWith(deleteExecutor);
    }
    RuntimeException error = null;
    try {
      expiry.commit();
    } catch (RuntimeException e) {
      // The metadata may have changed even so: report what the table says now.
      error = e;
    }
    table.refresh();
    before.stream()
        .filter(snapshot -> table.snapshot(snapshot.snapshotId()) == null)
        .sorted(ExpiryPlanner.OLDEST_FIRST)
        .forEach(
            snapshot -> report.snapshot(snapshot.snapshotId()).add(Measure.SNAPSHOTS_EXPIRED, 1));
    report.add(Measure.FILES_DELETED, counting.deleted());
    Map<String, String> failed = counting.failed();
    failed.forEach((path, why) -> report.detail("Could not delete " + path + ": " + why));
    if (!failed.isEmpty()) {
      LOG.warn(
          "{}: {} files only expired snapshots reached could not be deleted; orphan removal will"
              + " find them",
          table.name(),
          failed.size());
    }
    if (!counting.refused().isEmpty()) {
      // The fence that refused them reports them with the job's result.
      LOG.warn(
          "{}: {} files expired snapshots reached lie outside the table location and were kept",
          table.name(),
          counting.refused().size());
    }
    return error == null ? report.done() : report.failed(error);
  }
}
