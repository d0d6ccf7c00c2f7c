package dev.firn.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
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
