package dev.firn.maintenance.spark;

import dev.firn.boundary.FencedTable;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.ProtectedSnapshots;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.vocabulary.TableGc;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot expiry through Iceberg's Spark {@code expireSnapshots}: expires snapshots older than the
 * policy's maximum age while keeping the policy's minimum count, and deletes the files only they
 * reached, finding them with Spark. Branches and tags keep their snapshots, and so do snapshots a
 * running compaction reads from. {@link #apply()} asks Iceberg's core which snapshots would go and
 * changes nothing; the Spark action has no dry run.
 */
public final class SparkExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(SparkExpiry.class);

  private final SparkSession spark;
  private final TableIdentifier id;
  private final FencedTable fenced;
  private final Table table;
  private final EffectivePolicy policy;
  private final Clock clock;
  private final ProtectedSnapshots protectedSnapshots;

  SparkExpiry(
      SparkSession spark,
      TableIdentifier id,
      FencedTable fenced,
      EffectivePolicy policy,
      Clock clock,
      ProtectedSnapshots protectedSnapshots) {
    this.spark = spark;
    this.id = id;
    this.fenced = fenced;
    this.table = fenced.table();
    this.policy = policy;
    this.clock = clock;
    this.protectedSnapshots = protectedSnapshots;
  }

  /** The snapshots expiry would remove; changes nothing. */
  public JobResult apply() {
    JobReport report = new JobReport(id.toString(), JobKind.EXPIRY, true, clock);
    try {
      if (!TableGc.enabled(table)) {
        return finish(report.detail(TableGc.DISABLED).done());
      }
      // Iceberg's core works out the same snapshots as the Spark action; apply() commits nothing.
      List<Snapshot> expired =
          table.expireSnapshots().expireOlderThan(cutoff()).retainLast(minKept()).apply();
      List<String> lines = new ArrayList<>();
      for (Snapshot snapshot : expired) {
        report.add(Measure.SNAPSHOTS_EXPIRED, 1).snapshot(snapshot.snapshotId());
        lines.add(
            "Would expire snapshot "
                + snapshot.snapshotId()
                + " of "
                + Instant.ofEpochMilli(snapshot.timestampMillis()));
      }
      TableFacts.details(report, lines);
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  /** Expires the snapshots and deletes the files no remaining snapshot reaches. */
  public JobResult commit() {
    JobReport report = new JobReport(id.toString(), JobKind.EXPIRY, false, clock);
    try {
      if (!TableGc.enabled(table)) {
        return finish(report.detail(TableGc.DISABLED).done());
      }
      Set<Long> before = snapshotIds();
      ExpireSnapshots.Result result =
          SparkActions.get(spark)
              .expireSnapshots(table)
              .expireOlderThan(cutoff())
              .retainLast(minKept())
              .execute();
      table.refresh();
      before.removeAll(snapshotIds());
      before.stream().sorted().forEach(report::snapshot);
      report.add(Measure.SNAPSHOTS_EXPIRED, before.size());
      long deleted =
          result.deletedDataFilesCount()
              + result.deletedPositionDeleteFilesCount()
              + result.deletedEqualityDeleteFilesCount()
              + result.deletedManifestsCount()
              + result.deletedManifestListsCount()
              + result.deletedStatisticsFilesCount();
      report.add(Measure.FILES_DELETED, deleted);
      report.detail(
          String.format(
              "Deleted %d data files, %d position and %d equality delete files, %d manifests,"
                  + " %d manifest lists, %d statistics files",
              result.deletedDataFilesCount(),
              result.deletedPositionDeleteFilesCount(),
              result.deletedEqualityDeleteFilesCount(),
              result.deletedManifestsCount(),
              result.deletedManifestListsCount(),
              result.deletedStatisticsFilesCount()));
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  /**
   * Snapshots older than this expire: the policy's maximum age ago, or just before the oldest
   * protected snapshot if that is earlier, so that it stays.
   */
  private long cutoff() {
    long cutoff = clock.millis() - policy.snapshotMaxAge().toMillis();
    Set<Long> held = protectedSnapshots.of(table.uuid().toString());
    for (Snapshot snapshot : table.snapshots()) {
      if (held.contains(snapshot.snapshotId())) {
        cutoff = Math.min(cutoff, snapshot.timestampMillis());
      }
    }
    return cutoff;
  }

  private int minKept() {
    return policy.snapshotMinKept();
  }

  private Set<Long> snapshotIds() {
    Set<Long> ids = new HashSet<>();
    table.snapshots().forEach(snapshot -> ids.add(snapshot.snapshotId()));
    return ids;
  }

  /** The result with what the table's fence refused, logged. */
  private JobResult finish(JobResult result) {
    JobResult reported = result.withRefusals(fenced.io());
    LOG.info("{}", reported.summary());
    return reported;
  }
}
