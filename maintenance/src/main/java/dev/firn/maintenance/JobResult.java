package dev.firn.maintenance;

import dev.firn.boundary.FencedFileIO;
import dev.firn.boundary.RefusedDelete;
import dev.firn.boundary.TableLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one maintenance job did, or in a dry run would do, on one table.
 *
 * @param table the table, as {@code namespace.name}
 * @param kind the job
 * @param dryRun whether the job only reported and changed nothing
 * @param started when the job started
 * @param duration how long it ran
 * @param counts what it counted; measures it did not count are absent
 * @param snapshotIds snapshots it committed, or expired for {@link JobKind#EXPIRY}
 * @param details what it did or would do, one line each: file groups, paths to delete
 * @param error why it failed, or {@code null} when it succeeded
 */
public record JobResult(
    String table,
    JobKind kind,
    boolean dryRun,
    Instant started,
    Duration duration,
    Map<Measure, Long> counts,
    List<Long> snapshotIds,
    List<String> details,
    String error) {

  public JobResult {
    EnumMap<Measure, Long> copy = new EnumMap<>(Measure.class);
    copy.putAll(counts);
    counts = Collections.unmodifiableMap(copy);
    snapshotIds = List.copyOf(snapshotIds);
    details = List.copyOf(details);
  }

  public boolean succeeded() {
    return error == null;
  }

  /** A count, 0 when the job did not count it. */
  public long count(Measure measure) {
    return counts.getOrDefault(measure, 0L);
  }

  /** This result with what a table's fence refused to delete during the job; see below. */
  public JobResult withRefusals(FencedFileIO fence) {
    return withRefusals(fence.refusedCount(), fence.refused(), fence.location());
  }

  /**
   * This result with deletes that were refused, or in a dry run would be, because their paths lie
   * outside the table location: counted as {@link Measure#DELETES_REFUSED}, a detail line for each
   * path (at most {@link FencedFileIO#REFUSALS_KEPT}), and an error. A job whose table's metadata
   * names another table's files fails even when it did its work on its own files, so that someone
   * looks at the table. The one place refusals enter a result, for every engine.
   *
   * @param count how many deletes were refused
   * @param refusals the refusals kept, in the order they happened
   */
  public JobResult withRefusals(long count, List<RefusedDelete> refusals, TableLocation location) {
    if (count == 0) {
      return this;
    }
    Map<String, String> paths = new LinkedHashMap<>();
    refusals.forEach(refusal -> paths.putIfAbsent(refusal.path(), refusal.reason()));
    // Iceberg may delete one path twice (as a statistics and a partition statistics file, say):
    // when every refusal was kept, count the paths.
    long refused = count <= refusals.size() ? paths.size() : count;
    String verb = dryRun ? "Would refuse" : "Refused";
    List<String> lines = new ArrayList<>(details);
    paths.entrySet().stream()
        .limit(FencedFileIO.REFUSALS_KEPT)
        .forEach(e -> lines.add(verb + " to delete " + e.getKey() + ": " + e.getValue()));
    long unnamed = refused - Math.min(paths.size(), FencedFileIO.REFUSALS_KEPT);
    if (unnamed > 0) {
      lines.add("... and " + unnamed + " more paths outside the table location");
    }
    Map<Measure, Long> merged = new EnumMap<>(Measure.class);
    merged.putAll(counts);
    merged.merge(Measure.DELETES_REFUSED, refused, Long::sum);
    String problem =
        String.format(
            "%s to delete %d %s outside the table location %s: the table's metadata names files"
                + " that are not its own",
            verb, refused, refused == 1 ? "path" : "paths", location);
    return new JobResult(
        table,
        kind,
        dryRun,
        started,
        duration,
        merged,
        snapshotIds,
        lines,
        error == null ? problem : error + "; " + problem);
  }

  /** One line for logs and summaries: table, job, counts and duration. */
  public String summary() {
    String measured =
        counts.entrySet().stream()
            .map(e -> e.getKey().label() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    return String.format(
        "%s %s%s: %s in %d ms%s",
        table,
        kind.label(),
        dryRun ? " (dry run)" : "",
        measured.isEmpty() ? "nothing to do" : measured,
        duration.toMillis(),
        error == null ? "" : ", failed: " + error);
  }
}
