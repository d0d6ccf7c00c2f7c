package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.Measure;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One job run as the run history keeps it.
 *
 * @param id the run's number in the history
 * @param table the table
 * @param kind the job
 * @param dryRun whether the job only reported
 * @param trigger why it ran
 * @param node the Firn node that ran it
 * @param started when it started
 * @param finished when it ended, {@code null} while it runs
 * @param status running, succeeded or failed
 * @param counts what the job counted
 * @param snapshotIds snapshots the job committed or expired
 * @param error why it failed, {@code null} otherwise
 * @param attempt 1 for a first try, one more for each retry after a failure
 * @param startSnapshotId the table's current snapshot when the run was planned, {@code null} for a
 *     table without snapshots; changes are counted from it to the next run
 */
public record RunRecord(
    long id,
    TableIdentifier table,
    JobKind kind,
    boolean dryRun,
    Trigger trigger,
    String node,
    Instant started,
    Instant finished,
    RunStatus status,
    Map<Measure, Long> counts,
    List<Long> snapshotIds,
    String error,
    int attempt,
    Long startSnapshotId) {

  public RunRecord {
    EnumMap<Measure, Long> copy = new EnumMap<>(Measure.class);
    copy.putAll(counts);
    counts = Collections.unmodifiableMap(copy);
    snapshotIds = List.copyOf(snapshotIds);
  }

  /** A count, 0 when the job did not count it. */
  public long count(Measure measure) {
    return counts.getOrDefault(measure, 0L);
  }
}
