package dev.firn.bench.expiry;

import dev.firn.bench.core.Engine;
import dev.firn.bench.core.Measured;
import dev.firn.bench.core.ProcessFigures;
import java.util.Locale;

/**
 * One measured expiry or orphan listing. Each child process runs a repetition's orphan listing and
 * expiry in turn, so the process figures (wall time and memory) are those of the process that ran
 * both.
 *
 * @param engine who ran it
 * @param job what ran
 * @param repetition which repetition, from 1 (0 for the warm-up)
 * @param line what the process reported, or null when it printed nothing
 * @param process the process's life, JVM (and Spark) start-up and both jobs included, and its
 *     memory peaks
 * @param failure why the run does not count, or null
 */
public record MaintenanceMeasurement(
    Engine engine,
    MaintenanceJob job,
    int repetition,
    MaintenanceLine line,
    ProcessFigures process,
    String failure)
    implements Measured {

  MaintenanceMeasurement failed(String reason) {
    return new MaintenanceMeasurement(engine, job, repetition, line, process, reason);
  }

  @Override
  public long jobMillis() {
    return line.outcome().durationMillis();
  }

  String describe() {
    return describe(
        engine.label() + " " + job.option() + " repetition " + repetition,
        line == null
            ? null
            : String.format(
                Locale.ROOT,
                "%d snapshots expired, %d files found%s in %.2f s; start-up %.1f s, process %.1f"
                    + " s; peak RSS %.0f MB, heap %d MB",
                line.snapshotsExpired(),
                line.filesFound(),
                line.filesListed() >= 0 ? " of " + line.filesListed() + " listed" : "",
                jobSeconds(),
                line.outcome().startupMillis() / 1000.0,
                wallSeconds(),
                peakRssMegabytes(),
                heapPeakMegabytes()));
  }
}
