package dev.firn.maintenance.compaction;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.policy.PolicyDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.PropertyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction: bin-packs a table's small data files, partition by partition, into files near the
 * target size, applying position deletes, equality deletes and deletion vectors on the way.
 *
 * <p>Every file group commits on its own with {@code RewriteFiles}, validated from the snapshot the
 * compaction started from and keeping that snapshot's data sequence number. A concurrent commit
 * that deletes rows from a file being rewritten therefore makes that group fail instead of bringing
 * the rows back; the other groups still commit, and the failed one is retried next run. Equality
 * deletes committed meanwhile keep applying to the new files. Afterwards, delete files no live data
 * file needs any more are removed.
 */
public final class Compaction {
  private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);

  /** The snapshot summary property marking Firn's compaction commits. */
  public static final String JOB_PROPERTY = "firn.maintenance.job";

  public static final int MIN_INPUT_FILES_DEFAULT = PolicyDefaults.FIRN.minSmallFiles();
  public static final int PARALLELISM_DEFAULT = 2;
  public static final int SORT_RUN_ROWS_DEFAULT = 1_000_000;

  private final Table table;
  private final Clock clock;
  private final RunningCompactions running;
  private long targetFileSize;
  private int minInputFiles = MIN_INPUT_FILES_DEFAULT;
  private int parallelism = PARALLELISM_DEFAULT;
  private int sortRunRows = SORT_RUN_ROWS_DEFAULT;
  private boolean copyRowGroups = true;
  private CompactionListener listener = CompactionListener.NONE;

  public Compaction(Table table, Clock clock, RunningCompactions running) {
    this.table = table;
    this.clock = clock;
    this.running = running;
    this.targetFileSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
  }

  public Compaction targetFileSize(long bytes) {
    check(bytes >= 1, "target file size", bytes);
    this.targetFileSize = bytes;
    return this;
  }

  /** How many small files a partition needs before its files are rewritten. */
  public Compaction minInputFiles(int files) {
    check(files >= 1, "min input files", files);
    this.minInputFiles = files;
    return this;
  }

  /** How many file groups are rewritten at once. */
  public Compaction parallelism(int groups) {
    check(groups >= 1, "parallelism", groups);
    this.parallelism = groups;
    return this;
  }

  /** On a sorted table, how many rows one sorted run holds in memory. */
  public Compaction sortRunRows(int rows) {
    check(rows >= 1, "sort run rows", rows);
    this.sortRunRows = rows;
    return this;
  }

  /**
   * Whether a file group with no deletes to apply and no sort order has its Parquet row groups
   * copied into the new files rather than its rows decoded and written again. Copying is much
   * cheaper; rewriting also re-packs row groups to the table's row group size and re-encodes with
   * the table's current compression settings.
   */
  public Compaction copyRowGroups(boolean copy) {
    this.copyRowGroups = copy;
    return this;
  }

  /** Who hears of each group's progress. */
  public Compaction listener(CompactionListener newListener) {
    this.listener = newListener;
    return this;
  }

  /** Plans the file groups and reports them; changes nothing. */
  public JobResult apply() {
    JobReport report = new JobReport(table.name(), JobKind.COMPACTION, true, clock);
    try {
      table.refresh();
      Snapshot start = table.currentSnapshot();
      if (start != null) {
        for (RewriteFileGroup group : plan(start)) {
          report.add(Measure.FILES_REWRITTEN, group.inputFileNum());
          report.add(Measure.BYTES_REWRITTEN, group.inputFilesSizeInBytes());
          report.detail(describe(table, group));
        }
      }
      return report.done();
    } catch (RuntimeException e) {
      return report.failed(e);
    }
  }

  /** Rewrites every planned group, commits each on its own and removes dangling deletes. */
  public JobResult commit() {
    JobReport report = new JobReport(table.name(), JobKind.COMPACTION, false, clock);
    try {
      table.refresh();
      Snapshot start = table.currentSnapshot();
      if (start == null) {
        return report.done();
      }
      try (RunningCompactions.Hold hold =
          running.hold(table.uuid().toString(), start.snapshotId())) {
        List<RewriteFileGroup> groups = plan(start);
        listener.planned(
            groups.size(), groups.stream().mapToLong(g -> g.inputFilesSizeInBytes()).sum());
        int failed = rewrite(groups, new GroupCommit(table, start, report, listener));
        new DeleteCleanup(table, report).run();
        JobResult result =
            failed == 0
                ? report.done()
                : report.failed(
                    new IllegalStateException(
                        failed + " of " + groups.size() + " file groups failed; see details"));
        LOG.info("Compaction {}", result.summary());
        return result;
      }
    } catch (RuntimeException e) {
      JobResult result = report.failed(e);
      LOG.warn("Compaction {}", result.summary());
      return result;
    }
  }

  private int rewrite(List<RewriteFileGroup> groups, GroupCommit commits) {
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallelism, groups.size())),
            runnable -> {
              Thread thread = new Thread(runnable, "firn-compaction-" + table.name());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> work = new ArrayList<>();
      for (RewriteFileGroup group : groups) {
        work.add(
            pool.submit(
                () -> {
                  if (!commits.rewriteAndCommit(group, rewriter(group))) {
                    failed.incrementAndGet();
                  }
                }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Compaction of " + table.name() + " was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Compaction of " + table.name() + " failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return failed.get();
  }

  private GroupRewrite rewriter(RewriteFileGroup group) {
    return new GroupRewrite(
        table,
        group.outputSpecId(),
        targetFileSize,
        sortRunRows,
        group.info().globalIndex(),
        copyRowGroups);
  }

  private List<RewriteFileGroup> plan(Snapshot start) {
    BinPackRewriteFilePlanner planner =
        new BinPackRewriteFilePlanner(table, Expressions.alwaysTrue(), start.snapshotId(), false);
    planner.init(
        Map.of(
            BinPackRewriteFilePlanner.TARGET_FILE_SIZE_BYTES, Long.toString(targetFileSize),
            BinPackRewriteFilePlanner.MIN_INPUT_FILES, Integer.toString(minInputFiles)));
    List<RewriteFileGroup> groups = new ArrayList<>();
    try (CloseableIterable<RewriteFileGroup> planned = planner.plan().groups()) {
      planned.forEach(groups::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan compaction of " + table.name(), e);
    }
    return groups;
  }

  /** A group in one line, its partition as a path such as {@code ts_day=2026-11-22}. */
  static String describe(Table table, RewriteFileGroup group) {
    return String.format(
        "group %d: %s, %d files, %d bytes -> about %d files",
        group.info().globalIndex(),
        partitionPath(table, group),
        group.inputFileNum(),
        group.inputFilesSizeInBytes(),
        group.expectedOutputFiles());
  }

  static String partitionPath(Table table, RewriteFileGroup group) {
    DataFile first = group.rewrittenFiles().iterator().next();
    PartitionSpec spec = table.specs().get(first.specId());
    return spec.isUnpartitioned() ? "unpartitioned" : spec.partitionToPath(first.partition());
  }

  private static void check(boolean valid, String option, long value) {
    if (!valid) {
      throw new IllegalArgumentException(
          "Invalid compaction " + option + ": " + value + " (must be >= 1)");
    }
  }
}
