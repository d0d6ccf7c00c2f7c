package dev.firn.maintenance.spark;

import dev.firn.boundary.FencedTable;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Clock;
import java.util.List;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteManifests;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifest rewrite through Iceberg's Spark {@code rewriteManifests}: regroups the current
 * snapshot's data manifests into fewer, larger ones clustered by partition, in one commit. It
 * deletes nothing; the old manifests go when expiry removes the snapshots that list them. {@link
 * #apply()} lists the manifests that would be rewritten.
 */
public final class SparkManifestRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(SparkManifestRewrite.class);

  private final SparkSession spark;
  private final TableIdentifier id;
  private final FencedTable fenced;
  private final Table table;
  private final Clock clock;

  SparkManifestRewrite(SparkSession spark, TableIdentifier id, FencedTable fenced, Clock clock) {
    this.spark = spark;
    this.id = id;
    this.fenced = fenced;
    this.table = fenced.table();
    this.clock = clock;
  }

  /** The manifests a rewrite would replace; changes nothing. */
  public JobResult apply() {
    JobReport report = new JobReport(id.toString(), JobKind.MANIFESTS, true, clock);
    try {
      List<ManifestFile> manifests = dataManifests();
      if (manifests.size() < 2) {
        return finish(report.detail(nothingToDo(manifests)).done());
      }
      report.add(Measure.MANIFESTS_REWRITTEN, manifests.size());
      TableFacts.details(
          report,
          manifests.stream()
              .map(m -> "Would rewrite " + m.path() + " (" + m.length() + " bytes)")
              .toList());
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  /** Rewrites the data manifests and commits. */
  public JobResult commit() {
    JobReport report = new JobReport(id.toString(), JobKind.MANIFESTS, false, clock);
    try {
      List<ManifestFile> manifests = dataManifests();
      if (manifests.size() < 2) {
        return finish(report.detail(nothingToDo(manifests)).done());
      }
      Snapshot start = table.currentSnapshot();
      RewriteManifests.Result result =
          SparkActions.get(spark)
              .rewriteManifests(table)
              .rewriteIf(manifest -> manifest.content() == ManifestContent.DATA)
              .execute();
      int rewritten = count(result.rewrittenManifests());
      int added = count(result.addedManifests());
      report.add(Measure.MANIFESTS_REWRITTEN, rewritten).add(Measure.MANIFESTS_ADDED, added);
      report.detail("Rewrote " + rewritten + " manifests into " + added);
      table.refresh();
      TableFacts.committedSince(table, start.snapshotId())
          .forEach(snapshot -> report.snapshot(snapshot.snapshotId()));
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  private List<ManifestFile> dataManifests() {
    Snapshot current = table.currentSnapshot();
    return current == null ? List.of() : current.dataManifests(table.io());
  }

  private static String nothingToDo(List<ManifestFile> manifests) {
    return "Nothing to rewrite: the current snapshot has "
        + manifests.size()
        + " data manifest"
        + (manifests.size() == 1 ? "" : "s");
  }

  private static int count(Iterable<ManifestFile> manifests) {
    int count = 0;
    for (ManifestFile ignored : manifests) {
      count++;
    }
    return count;
  }

  /** The result with what the table's fence refused, logged. */
  private JobResult finish(JobResult result) {
    JobResult reported = result.withRefusals(fenced.io());
    LOG.info("{}", reported.summary());
    return reported;
  }
}
