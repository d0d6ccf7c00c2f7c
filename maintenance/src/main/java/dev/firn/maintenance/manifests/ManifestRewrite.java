package dev.firn.maintenance.manifests;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.policy.EffectivePolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.RewriteManifests;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a table's small data manifests into a few large ones once its current snapshot has more
 * of them than its policy allows, through Iceberg's {@link RewriteManifests}. Small means under the
 * table's {@code commit.manifest.target-size-bytes}. Files are grouped by partition spec and
 * partition, so that a scan filtering on a partition opens few manifests; delete manifests stay as
 * they are. The rewrite deletes nothing: the old manifests go when their snapshots expire.
 */
public final class ManifestRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestRewrite.class);

  private final Table table;
  private final EffectivePolicy policy;
  private final Clock clock;

  public ManifestRewrite(Table table, EffectivePolicy policy, Clock clock) {
    this.table = table;
    this.policy = policy;
    this.clock = clock;
  }

  /** What the rewrite would do, changing nothing: the small manifests it would replace. */
  public JobResult apply() {
    return run(true);
  }

  /** Rewrites the small manifests, if there are more than the policy allows. */
  public JobResult commit() {
    return run(false);
  }

  private JobResult run(boolean dryRun) {
    JobReport report = new JobReport(table.name(), JobKind.MANIFESTS, dryRun, clock);
    JobResult result;
    try {
      table.refresh();
      result = rewrite(report);
    } catch (RuntimeException e) {
      result = report.failed(e);
    }
    LOG.info("{}", result.summary());
    return result;
  }

  private JobResult rewrite(JobReport report) {
    Snapshot current = table.currentSnapshot();
    long targetSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.MANIFEST_TARGET_SIZE_BYTES,
            TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT);
    Predicate<ManifestFile> small = manifest -> manifest.length() < targetSize;
    List<ManifestFile> smallManifests =
        current == null
            ? List.of()
            : current.dataManifests(table.io()).stream().filter(small).toList();
    if (smallManifests.size() <= policy.maxSmallManifests()) {
      report.detail(
          String.format(
              "Nothing to rewrite: %d small manifests, %d allowed",
              smallManifests.size(), policy.maxSmallManifests()));
      return report.done();
    }
    ManifestClusters clusters = ManifestClusters.of(table, smallManifests);
    boolean byPartition = clusters.partitions() <= policy.maxSmallManifests();
    return report.dryRun()
        ? describe(current, smallManifests, clusters, byPartition, report)
        : commit(small, clusters, byPartition, report);
  }

  private JobResult describe(
      Snapshot current,
      List<ManifestFile> smallManifests,
      ManifestClusters clusters,
      boolean byPartition,
      JobReport report) {
    long bytes = smallManifests.stream().mapToLong(ManifestFile::length).sum();
    report.detail(
        String.format(
            "Would rewrite %d small manifests of snapshot %d (%d bytes), grouped by %s",
            smallManifests.size(),
            current.snapshotId(),
            bytes,
            byPartition
                ? "partition into " + clusters.partitions() + " or more"
                : "partition spec into " + clusters.specs() + " or more"));
    smallManifests.forEach(manifest -> report.detail(manifest.path()));
    report.add(Measure.MANIFESTS_REWRITTEN, smallManifests.size());
    return report.done();
  }

  private JobResult commit(
      Predicate<ManifestFile> small,
      ManifestClusters clusters,
      boolean byPartition,
      JobReport report) {
    RewriteManifests rewrite =
        table
            .rewriteManifests()
            .rewriteIf(small)
            .clusterBy(byPartition ? clusters::partitionKey : clusters::specKey);
    rewrite.commit();
    Snapshot committed = table.currentSnapshot();
    Map<String, String> summary = committed.summary();
    report.snapshot(committed.snapshotId());
    report.add(
        Measure.MANIFESTS_REWRITTEN, count(summary, SnapshotSummary.REPLACED_MANIFESTS_COUNT));
    report.add(Measure.MANIFESTS_ADDED, count(summary, SnapshotSummary.CREATED_MANIFESTS_COUNT));
    if (!byPartition) {
      report.detail(
          String.format(
              "Grouped by partition spec only: %d partitions would have left more than %d"
                  + " manifests",
              clusters.partitions(), policy.maxSmallManifests()));
    }
    return report.done();
  }

  private static long count(Map<String, String> summary, String key) {
    return Long.parseLong(summary.getOrDefault(key, "0"));
  }
}
