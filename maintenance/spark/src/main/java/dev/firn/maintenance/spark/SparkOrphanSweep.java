package dev.firn.maintenance.spark;

import dev.firn.boundary.FencedTable;
import dev.firn.boundary.RefusedDeleteException;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.vocabulary.TableGc;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.spark.actions.DeleteOrphanFilesSparkAction;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.Tasks;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orphan removal through Iceberg's Spark {@code deleteOrphanFiles}: lists the table's data and
 * metadata folders, subtracts every file the table's metadata reaches (all snapshots, branches and
 * tags, delete files, statistics, the metadata log), and deletes what is left and older than the
 * policy's minimum age. Locations are compared with equal schemes; a prefix mismatch fails the run.
 * Both {@link #apply()} and {@link #commit()} find orphans with a deleter that deletes nothing;
 * commit then deletes them itself, so that it can refuse a run that would delete another table's
 * metadata and count what it really deleted.
 */
public final class SparkOrphanSweep {
  private static final Logger LOG = LoggerFactory.getLogger(SparkOrphanSweep.class);
  private static final int DELETE_THREADS = 8;

  private final SparkSession spark;
  private final TableIdentifier id;
  private final FencedTable fenced;
  private final Table table;
  private final EffectivePolicy policy;
  private final Clock clock;
  private final Consumer<String> deleter;
  private final AtomicLong refused = new AtomicLong();

  SparkOrphanSweep(
      SparkSession spark,
      TableIdentifier id,
      FencedTable fenced,
      EffectivePolicy policy,
      Clock clock,
      Consumer<String> deleter) {
    this.spark = spark;
    this.id = id;
    this.fenced = fenced;
    this.table = fenced.table();
    this.policy = policy;
    this.clock = clock;
    this.deleter = deleter;
  }

  /** The orphans old enough to delete; deletes nothing. */
  public JobResult apply() {
    JobReport report = new JobReport(id.toString(), JobKind.ORPHANS, true, clock);
    try {
      if (!TableGc.enabled(table)) {
        return finish(report.detail(TableGc.DISABLED).done());
      }
      List<String> orphans = find();
      report.add(Measure.ORPHANS_FOUND, orphans.size());
      TableFacts.details(report, orphans.stream().map(path -> "Would delete " + path).toList());
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  /** Deletes the orphans old enough to delete. */
  public JobResult commit() {
    JobReport report = new JobReport(id.toString(), JobKind.ORPHANS, false, clock);
    try {
      if (!TableGc.enabled(table)) {
        return finish(report.detail(TableGc.DISABLED).done());
      }
      List<String> orphans = find();
      report.add(Measure.ORPHANS_FOUND, orphans.size());
      String foreign = foreignMetadata(orphans);
      if (foreign != null) {
        return finish(
            report.failed(
                new IllegalStateException(
                    "Found another table's metadata under the table location, deleted nothing: "
                        + foreign)));
      }
      List<String> deleted = delete(orphans);
      report.add(Measure.ORPHANS_DELETED, deleted.size());
      TableFacts.details(report, deleted.stream().map(path -> "Deleted " + path).toList());
      long failed = orphans.size() - deleted.size() - refused.get();
      if (failed > 0) {
        return finish(
            report.failed(
                new IllegalStateException(
                    "Could not delete "
                        + failed
                        + " of "
                        + orphans.size()
                        + " orphans (see the log); a later run retries them")));
      }
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  private List<String> find() {
    Duration minAge = policy.orphanMinAge();
    if (minAge.compareTo(PolicyDefaults.ORPHAN_MIN_AGE_FLOOR) < 0) {
      throw new IllegalArgumentException(
          "Invalid orphan minimum age: "
              + minAge
              + " (must be at least "
              + PolicyDefaults.ORPHAN_MIN_AGE_FLOOR
              + ")");
    }
    DeleteOrphanFilesSparkAction action =
        SparkActions.get(spark)
            .deleteOrphanFiles(table)
            .olderThan(clock.millis() - minAge.toMillis())
            .deleteWith(path -> {});
    // Object stores list by prefix through the table's FileIO; Hadoop has no s3:// file system
    // here.
    if (table.io() instanceof SupportsPrefixOperations) {
      action.usePrefixListing(true);
    }
    List<String> orphans = new ArrayList<>();
    action.execute().orphanFileLocations().forEach(orphans::add);
    Collections.sort(orphans);
    return orphans;
  }

  /** An orphan metadata file outside the table's metadata folder: another table lives here. */
  private String foreignMetadata(List<String> orphans) {
    String metadata =
        table
            .properties()
            .getOrDefault(TableProperties.WRITE_METADATA_LOCATION, table.location() + "/metadata");
    return orphans.stream()
        .filter(path -> path.endsWith(".metadata.json"))
        .filter(path -> !path.startsWith(metadata + "/"))
        .findFirst()
        .orElse(null);
  }

  private List<String> delete(List<String> orphans) {
    List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(DELETE_THREADS);
    try {
      Tasks.foreach(orphans)
          .executeWith(pool)
          .noRetry()
          .suppressFailureWhenFinished()
          .onFailure((path, e) -> LOG.warn("Could not delete orphan {}", path, e))
          .run(
              path -> {
                try {
                  deleter.accept(path);
                } catch (RefusedDeleteException e) {
                  // Not a failure to retry: the result names it with what the fence refused.
                  refused.incrementAndGet();
                  return;
                }
                deleted.add(path);
                LOG.debug("Deleted orphan {}", path);
              });
    } finally {
      pool.shutdownNow();
    }
    Collections.sort(deleted);
    return deleted;
  }

  /** The result with what the table's fence refused, logged. */
  private JobResult finish(JobResult result) {
    JobResult reported = result.withRefusals(fenced.io());
    LOG.info("{}", reported.summary());
    return reported;
  }
}
