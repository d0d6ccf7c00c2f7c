package dev.firn.bench.expiry;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.firn.bench.core.ProcessOutcome;
import dev.firn.bench.core.ResultLines;
import java.util.List;

/**
 * The result line an expiry or orphan process prints per job: Firn's ({@link FirnMaintenanceRun})
 * and the Spark side's ({@code SparkMaintenanceRun}) share these fields.
 *
 * @param engine {@code firn} or {@code spark}
 * @param job what ran
 * @param snapshotsExpired snapshots expiry removed; 0 for orphan listing
 * @param filesFound the files expiry would delete, or the orphans found
 * @param filesListed the files orphan listing listed, or -1 where the engine does not say
 * @param outcome how the job ended: its duration is the job alone, timed around its call; its
 *     start-up, for a process's first job, SparkSession's start-up, or Firn's catalog connection,
 *     table load and policy; for a later one, loading its table (and, for Firn, its policy)
 */
public record MaintenanceLine(
    String engine,
    MaintenanceJob job,
    long snapshotsExpired,
    long filesFound,
    long filesListed,
    @JsonUnwrapped ProcessOutcome outcome) {
  public MaintenanceLine {
    if (job == null) {
      throw new IllegalArgumentException("A maintenance result line names its job");
    }
  }

  String render(String table) {
    return ResultLines.render(engine, table, this);
  }

  /** Every result line among a process's output lines, in order. */
  static List<MaintenanceLine> all(List<String> lines) {
    return ResultLines.all(lines, MaintenanceLine.class);
  }
}
