package dev.firn.maintenance.spark;

import dev.firn.boundary.FencedTable;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.policy.EffectivePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.FileRewritePlan;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction through Iceberg's Spark {@code rewriteDataFiles}: bin-packs small files towards the
 * policy's target size, or sorts them when the table has a sort order, committing file groups as
 * they finish. Iceberg validates each commit from the snapshot the rewrite started on, so a
 * concurrent delete makes a group fail instead of bringing rows back. {@link #apply()} plans with
 * the same planner and writes nothing.
 */
public final class SparkCompaction {
  private static final Logger LOG = LoggerFactory.getLogger(SparkCompaction.class);

  private final SparkSession spark;
  private final TableIdentifier id;
  private final FencedTable fenced;
  private final Table table;
  private final Clock clock;
  private final RunningCompactions running;
  private long targetFileSize;
  private int minInputFiles;
  private boolean partialProgress = true;

  SparkCompaction(
      SparkSession spark,
      TableIdentifier id,
      FencedTable fenced,
      EffectivePolicy policy,
      Clock clock,
      RunningCompactions running) {
    this.spark = spark;
    this.id = id;
    this.fenced = fenced;
    this.table = fenced.table();
    this.clock = clock;
    this.running = running;
    this.targetFileSize = policy.targetFileSize();
    this.minInputFiles = policy.minSmallFiles();
  }

  /** The size files are packed towards; the policy's by default. */
  public SparkCompaction targetFileSize(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("Invalid target file size: " + bytes + " (must be > 0)");
    }
    this.targetFileSize = bytes;
    return this;
  }

  /** How many files a group needs before it is rewritten; the policy's by default. */
  public SparkCompaction minInputFiles(int files) {
    if (files < 1) {
      throw new IllegalArgumentException(
          "Invalid minimum input files: " + files + " (must be > 0)");
    }
    this.minInputFiles = files;
    return this;
  }

  /** Whether finished file groups commit while others still run; on by default. */
  public SparkCompaction partialProgress(boolean enabled) {
    this.partialProgress = enabled;
    return this;
  }

  /** The file groups a compaction would rewrite; changes nothing. */
  public JobResult apply() {
    JobReport report = new JobReport(id.toString(), JobKind.COMPACTION, true, clock);
    try {
      plan(report);
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  /** Rewrites the planned file groups and commits them. */
  public JobResult commit() {
    JobReport report = new JobReport(id.toString(), JobKind.COMPACTION, false, clock);
    try {
      Snapshot start = table.currentSnapshot();
      if (start == null) {
        return finish(report.detail("The table has no snapshot").done());
      }
      // Expiry through the same engine keeps the snapshot this rewrite reads from.
      try (RunningCompactions.Hold hold =
          running.hold(table.uuid().toString(), start.snapshotId())) {
        rewrite(report, start);
      }
      return finish(report.done());
    } catch (RuntimeException e) {
      return finish(report.failed(e));
    }
  }

  private void rewrite(JobReport report, Snapshot start) {
    boolean sorted = table.sortOrder().isSorted();
    Map<String, String> options = plannerOptions();
    options.put(RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, String.valueOf(partialProgress));
    RewriteDataFiles action = SparkActions.get(spark).rewriteDataFiles(table).options(options);
    RewriteDataFiles.Result result = (sorted ? action.sort() : action.binPack()).execute();
    report
        .add(Measure.FILES_REWRITTEN, result.rewrittenDataFilesCount())
        .add(Measure.BYTES_REWRITTEN, result.rewrittenBytesCount())
        .add(Measure.FILES_ADDED, result.addedDataFilesCount())
        .add(Measure.DELETE_FILES_REMOVED, result.removedDeleteFilesCount())
        .add(Measure.GROUPS_COMMITTED, result.rewriteResults().size())
        .add(Measure.GROUPS_FAILED, result.rewriteFailures().size());
    for (RewriteDataFiles.FileGroupRewriteResult group : result.rewriteResults()) {
      report.detail(
          String.format(
              "%s group %d: %d files, %d bytes -> %d files",
              sorted ? "Sorted" : "Packed",
              group.info().globalIndex(),
              group.rewrittenDataFilesCount(),
              group.rewrittenBytesCount(),
              group.addedDataFilesCount()));
    }
    for (RewriteDataFiles.FileGroupFailureResult failed : result.rewriteFailures()) {
      report.detail(
          String.format(
              "Failed group %d: %d files, left for a later run",
              failed.info().globalIndex(), failed.dataFilesCount()));
    }
    table.refresh();
    for (Snapshot snapshot : TableFacts.committedSince(table, start.snapshotId())) {
      report.snapshot(snapshot.snapshotId());
      report.add(
          Measure.BYTES_ADDED,
          TableFacts.summaryCount(snapshot, SnapshotSummary.ADDED_FILE_SIZE_PROP));
    }
  }

  private void plan(JobReport report) {
    if (table.currentSnapshot() == null) {
      report.detail("The table has no snapshot");
      return;
    }
    BinPackRewriteFilePlanner planner = new BinPackRewriteFilePlanner(table);
    planner.init(plannerOptions());
    FileRewritePlan<RewriteDataFiles.FileGroupInfo, FileScanTask, ?, RewriteFileGroup> plan =
        planner.plan();
    try (CloseableIterable<RewriteFileGroup> groups = plan.groups()) {
      for (RewriteFileGroup group : groups) {
        report
            .add(Measure.FILES_REWRITTEN, group.inputFileNum())
            .add(Measure.BYTES_REWRITTEN, group.inputFilesSizeInBytes())
            .add(Measure.FILES_ADDED, group.expectedOutputFiles());
        String partition =
            group.fileScanTasks().get(0).spec().partitionToPath(group.info().partition());
        report.detail(
            String.format(
                "Would %s %s: %d files, %d bytes -> about %d files",
                table.sortOrder().isSorted() ? "sort" : "pack",
                partition.isEmpty() ? "the table" : partition,
                group.inputFileNum(),
                group.inputFilesSizeInBytes(),
                group.expectedOutputFiles()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> plannerOptions() {
    Map<String, String> options = new HashMap<>();
    options.put(SizeBasedFileRewritePlanner.TARGET_FILE_SIZE_BYTES, String.valueOf(targetFileSize));
    options.put(SizeBasedFileRewritePlanner.MIN_INPUT_FILES, String.valueOf(minInputFiles));
    return options;
  }

  /** The result with what the table's fence refused, logged. */
  private JobResult finish(JobResult result) {
    JobResult reported = result.withRefusals(fenced.io());
    LOG.info("{}", reported.summary());
    return reported;
  }
}
