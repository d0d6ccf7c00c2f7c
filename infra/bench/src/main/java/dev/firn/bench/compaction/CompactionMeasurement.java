package dev.firn.bench.compaction;

import dev.firn.bench.core.Engine;
import dev.firn.bench.core.Measured;
import dev.firn.bench.core.ProcessFigures;
import java.util.Locale;

/**
 * One measured compaction.
 *
 * @param engine who compacted
 * @param repetition which repetition, from 1
 * @param line what the compaction process reported, or null when it printed nothing
 * @param process the process's life and memory peaks
 * @param failure why the run does not count, or null
 */
record CompactionMeasurement(
    Engine engine, int repetition, CompactionLine line, ProcessFigures process, String failure)
    implements Measured {

  CompactionMeasurement failed(String reason) {
    return new CompactionMeasurement(engine, repetition, line, process, reason);
  }

  @Override
  public long jobMillis() {
    return line.outcome().durationMillis();
  }

  /** Input MB (2^20 bytes) rewritten per second of the job's own duration. */
  double jobMegabytesPerSecond() {
    return megabytesRewritten() / jobSeconds();
  }

  /** Input MB rewritten per second of the whole process. */
  double processMegabytesPerSecond() {
    return megabytesRewritten() / wallSeconds();
  }

  double megabytesRewritten() {
    return line.bytesRewritten() / 1048576.0;
  }

  String describe() {
    return describe(
        engine.label() + " repetition " + repetition,
        line == null
            ? null
            : String.format(
                Locale.ROOT,
                "%d files (%.1f MB) -> %d files (%.1f MB) in %.1f s (%.1f MB/s); process %.1f s"
                    + " (%.1f MB/s); peak RSS %.0f MB, heap %d MB",
                line.filesRewritten(),
                megabytesRewritten(),
                line.filesAdded(),
                line.bytesAdded() / 1048576.0,
                jobSeconds(),
                jobMegabytesPerSecond(),
                wallSeconds(),
                processMegabytesPerSecond(),
                peakRssMegabytes(),
                heapPeakMegabytes()));
  }
}
