package dev.firn.maintenance.metadata;

import dev.firn.boundary.RefusedDelete;
import dev.firn.boundary.TableLocation;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.vocabulary.TableGc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the {@code *.metadata.json} files of a table that have left its metadata log, as Iceberg
 * does on commit when {@code write.metadata.delete-after-commit.enabled} is set. A file goes only
 * when it lies in the current metadata file's folder, is neither the current file nor in the log,
 * carries this table's UUID, and is older than the policy's orphan min age: a newer one may belong
 * to a commit still in flight. A file outside the table location is never deleted: the result names
 * it as refused and fails, since only a table whose metadata file lies outside its own location
 * gets there.
 */
public final class MetadataCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataCleanup.class);
  private static final String SUFFIX = ".metadata.json";

  private final Table table;
  private final EffectivePolicy policy;
  private final Clock clock;
  private final Function<String, Iterable<FileInfo>> lister;
  private final Consumer<String> deleter;

  /** A cleanup that lists and deletes through the table's own FileIO. */
  public MetadataCleanup(Table table, EffectivePolicy policy, Clock clock) {
    this(table, policy, clock, prefixLister(table.io()), table.io()::deleteFile);
  }

  /**
   * A cleanup.
   *
   * @param lister lists the files under a prefix
   * @param deleter deletes one file by its location
   */
  public MetadataCleanup(
      Table table,
      EffectivePolicy policy,
      Clock clock,
      Function<String, Iterable<FileInfo>> lister,
      Consumer<String> deleter) {
    this.table = table;
    this.policy = policy;
    this.clock = clock;
    this.lister = lister;
    this.deleter = deleter;
  }

  /** What the cleanup would delete, changing nothing: in details, the files. */
  public JobResult apply() {
    return run(true);
  }

  /** Deletes the metadata files that have left the log. */
  public JobResult commit() {
    return run(false);
  }

  private JobResult run(boolean dryRun) {
    JobReport report = new JobReport(table.name(), JobKind.METADATA, dryRun, clock);
    JobResult result;
    try {
      table.refresh();
      result = TableGc.enabled(table) ? clean(report) : report.detail(TableGc.DISABLED).done();
    } catch (RuntimeException e) {
      result = report.failed(e);
    }
    LOG.info("{}", result.summary());
    return result;
  }

  private JobResult clean(JobReport report) {
    TableMetadata current = ((HasTableOperations) table).operations().current();
    String folder = parent(current.metadataFileLocation());
    Set<String> logged = new HashSet<>();
    logged.add(comparable(current.metadataFileLocation()));
    current.previousFiles().forEach(entry -> logged.add(comparable(entry.file())));
    long cutoff = clock.millis() - policy.orphanMinAge().toMillis();

    List<FileInfo> unlogged =
        StreamSupport.stream(lister.apply(folder + "/").spliterator(), false)
            .filter(file -> parent(file.location()).equals(folder))
            .filter(file -> file.location().endsWith(SUFFIX))
            .filter(file -> !logged.contains(comparable(file.location())))
            .filter(file -> file.createdAtMillis() < cutoff)
            .sorted(Comparator.comparing(FileInfo::location))
            .toList();
    // The current file may lie outside the table location (written there by another tool); the
    // files beside it are then not the table's to delete, whatever they say.
    TableLocation location = TableLocation.of(table.location());
    List<RefusedDelete> foreign = new ArrayList<>();
    for (FileInfo file : unlogged) {
      Optional<String> refusal = location.refusal(file.location());
      if (refusal.isPresent()) {
        foreign.add(new RefusedDelete(file.location(), refusal.get()));
      } else if (ours(file.location(), current.uuid(), report)) {
        delete(file.location(), report);
      }
    }
    return report.done().withRefusals(foreign.size(), foreign, location);
  }

  /**
   * Whether the file carries this table's UUID; if not, the report says why it stays. A file that
   * cannot be read, or that belongs to another table, is no business of this table's cleanup.
   */
  private boolean ours(String location, String uuid, JobReport report) {
    String owner;
    try {
      owner = TableMetadataParser.read(table.io(), location).uuid();
    } catch (RuntimeException e) {
      report.detail("Kept " + location + ": cannot read it (" + e.getMessage() + ")");
      return false;
    }
    if (!uuid.equals(owner)) {
      report.detail("Kept " + location + ": it belongs to table " + owner + ", not " + uuid);
      return false;
    }
    return true;
  }

  private void delete(String location, JobReport report) {
    if (report.dryRun()) {
      report.detail(location).add(Measure.METADATA_FILES_DELETED, 1);
      return;
    }
    try {
      deleter.accept(location);
      report.add(Measure.METADATA_FILES_DELETED, 1);
    } catch (RuntimeException e) {
      report.detail("Could not delete " + location + ": " + e.getMessage());
    }
  }

  private static String parent(String location) {
    return location.substring(0, location.lastIndexOf('/'));
  }

  /** The same object is {@code s3://}, {@code s3a://} or {@code s3n://} depending on the writer. */
  private static String comparable(String location) {
    return location.replaceFirst("^s3[an]://", "s3://");
  }

  private static Function<String, Iterable<FileInfo>> prefixLister(FileIO io) {
    return prefix -> {
      if (!(io instanceof SupportsPrefixOperations listing)) {
        throw new UnsupportedOperationException(
            "Cannot list metadata files: " + io.getClass().getName() + " does not list prefixes");
      }
      return listing.listPrefix(prefix);
    };
  }
}
