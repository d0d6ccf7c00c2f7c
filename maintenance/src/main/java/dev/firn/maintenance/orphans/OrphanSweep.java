package dev.firn.maintenance.orphans;

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
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a table's orphan files: files under its location that no metadata file in its log, no
 * snapshot of any branch or tag, and no manifest, delete file or statistics file reaches. Files
 * younger than the minimum age stay. Anything in doubt (a failed listing, a file referenced under
 * another scheme or bucket, another table's metadata under the location, a file of a snapshot the
 * table holds that cannot be read) stops the run before it deletes a single file. Files of
 * snapshots the table has expired that no longer exist are skipped and noted in the details.
 *
 * <pre>{@code
 * OrphanSweep sweep = new OrphanSweep(table, clock).policy(policy);
 * JobResult plan = sweep.apply(); // details: the files it would delete
 * JobResult done = sweep.commit();
 * }</pre>
 */
public final class OrphanSweep {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

  /** No policy may let orphan removal delete files younger than this. */
  public static final Duration MIN_AGE_FLOOR = PolicyDefaults.ORPHAN_MIN_AGE_FLOOR;

  public static final Duration MIN_AGE_DEFAULT = PolicyDefaults.FIRN.orphanMinAge();

  static final int DELETE_BATCH_SIZE = 1000;
  static final int READ_THREADS = 4;

  private final Table table;
  private final Clock clock;
  private final StorageLister lister;
  private final FileDeleter deleter;
  private Duration minAge = MIN_AGE_DEFAULT;
  private ExecutorService executor;

  /** A sweep that lists and deletes through the table's own {@code FileIO}. */
  public OrphanSweep(Table table, Clock clock) {
    this(table, clock, StorageLister.of(table.io()), FileDeleter.of(table.io()));
  }

  public OrphanSweep(Table table, Clock clock, StorageLister lister, FileDeleter deleter) {
    this.table = Objects.requireNonNull(table);
    this.clock = Objects.requireNonNull(clock);
    this.lister = Objects.requireNonNull(lister);
    this.deleter = Objects.requireNonNull(deleter);
  }

  /**
   * How old a file must be before it may be deleted as an orphan.
   *
   * @throws IllegalArgumentException when below {@link #MIN_AGE_FLOOR}
   */
  public OrphanSweep minAge(Duration age) {
    if (age.compareTo(MIN_AGE_FLOOR) < 0) {
      throw new IllegalArgumentException(
          "Invalid orphan min age: " + age + " (must be at least " + MIN_AGE_FLOOR + ")");
    }
    this.minAge = age;
    return this;
  }

  /** Takes the minimum age from the table's policy. */
  public OrphanSweep policy(EffectivePolicy policy) {
    return minAge(policy.orphanMinAge());
  }

  /**
   * Reads manifest lists and manifests on this executor, which the caller owns; by default the run
   * uses a small pool of its own.
   */
  public OrphanSweep executeWith(ExecutorService readExecutor) {
    this.executor = Objects.requireNonNull(readExecutor);
    return this;
  }

  /**
   * A dry run: lists the orphans it would delete in the details, after a line for each skipped
   * file, and deletes nothing.
   */
  public JobResult apply() {
    return run(true);
  }

  /** Deletes the orphans. */
  public JobResult commit() {
    return run(false);
  }

  private JobResult run(boolean dryRun) {
    JobReport report = new JobReport(table.name(), JobKind.ORPHANS, dryRun, clock);
    JobResult result;
    try {
      result = sweep(report);
    } catch (RuntimeException e) {
      result = report.failed(e);
    }
    LOG.info("{}", result.summary());
    return result;
  }

  private JobResult sweep(JobReport report) {
    table.refresh();
    if (!TableGc.enabled(table)) {
      return report.detail(TableGc.DISABLED).done();
    }
    TableMetadata current = currentMetadata();
    long cutoff = clock.millis() - minAge.toMillis();
    ReachableFiles reachable = reachable(current);
    List<String> skipped = reachable.skipped();
    skipped.forEach(report::detail);
    if (!skipped.isEmpty()) {
      LOG.info(
          "{}: skipped {} files that only expired snapshots or older metadata files name and that"
              + " no longer exist",
          table.name(),
          skipped.size());
    }
    List<FileInfo> listing = list(current.location());
    report.add(Measure.FILES_LISTED, listing.size());
    ListingReview review =
        new ListingReview(reachable, current.uuid(), this::tableUuidOf, cutoff).review(listing);
    Optional<String> problem = review.problem();
    if (problem.isPresent()) {
      return report.failed(new IllegalStateException("Nothing deleted: " + problem.get()));
    }
    List<FileInfo> orphans = new ArrayList<>(review.orphans());
    orphans.sort(Comparator.comparing(FileInfo::location));
    report.add(Measure.ORPHANS_FOUND, orphans.size());
    orphans.forEach(orphan -> report.detail(orphan.location()));
    if (report.dryRun() || orphans.isEmpty()) {
      return report.done();
    }
    return delete(orphans, report);
  }

  private TableMetadata currentMetadata() {
    if (table instanceof HasTableOperations operations
        && operations.operations().current().metadataFileLocation() != null) {
      return operations.operations().current();
    }
    throw new IllegalStateException(
        "Table " + table.name() + " has no metadata file, which orphan removal reads");
  }

  private ReachableFiles reachable(TableMetadata current) {
    ExecutorService pool =
        executor != null
            ? executor
            : Executors.newFixedThreadPool(READ_THREADS, OrphanSweep::readThread);
    try {
      return ReachableFiles.of(current, table.io(), pool);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Nothing deleted: cannot read what the table's metadata reaches: " + e, e);
    } finally {
      if (pool != executor) {
        pool.shutdownNow();
      }
    }
  }

  // The whole listing is read before anything is deleted: a listing that fails part way would
  // otherwise make every file it did not reach look unlisted, and every file it did look orphaned.
  private List<FileInfo> list(String location) {
    String prefix = location.endsWith("/") ? location : location + "/";
    List<FileInfo> listing = new ArrayList<>();
    try {
      lister.list(prefix).forEach(listing::add);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Nothing deleted: listing " + prefix + " failed after " + listing.size() + " files: " + e,
          e);
    }
    return listing;
  }

  private String tableUuidOf(String metadataFile) {
    return TableMetadataParser.read(table.io(), metadataFile).uuid();
  }

  private JobResult delete(List<FileInfo> orphans, JobReport report) {
    int failed = 0;
    String firstFailure = null;
    for (int start = 0; start < orphans.size(); start += DELETE_BATCH_SIZE) {
      List<FileInfo> batch =
          orphans.subList(start, Math.min(orphans.size(), start + DELETE_BATCH_SIZE));
      int batchFailed;
      try {
        deleter.delete(batch.stream().map(FileInfo::location).toList());
        batchFailed = 0;
        report.add(Measure.BYTES_DELETED, batch.stream().mapToLong(FileInfo::size).sum());
      } catch (BulkDeletionFailureException e) {
        // Which files failed is unknown, so a partly deleted batch adds no bytes.
        batchFailed = Math.min(batch.size(), e.numberFailedObjects());
        firstFailure = firstFailure == null ? e.toString() : firstFailure;
      } catch (RuntimeException e) {
        batchFailed = batch.size();
        firstFailure = firstFailure == null ? e.toString() : firstFailure;
      }
      report.add(Measure.ORPHANS_DELETED, batch.size() - batchFailed);
      failed += batchFailed;
    }
    if (failed > 0) {
      return report.failed(
          new IllegalStateException(
              "Could not delete "
                  + failed
                  + " of "
                  + orphans.size()
                  + " orphan files; first failure: "
                  + firstFailure));
    }
    return report.done();
  }

  private static Thread readThread(Runnable task) {
    Thread thread = new Thread(task, "firn-orphans-read");
    thread.setDaemon(true);
    return thread;
  }
}
