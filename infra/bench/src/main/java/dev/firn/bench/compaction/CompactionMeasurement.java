package dev.firn.bench.compaction;

import dev.firn.bench.core.Engine;
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
public record CompactionMeasurement(
    Engine engine, int repetition, CompactionLine line, ProcessFigures process, String failure) {

  public boolean succeeded() {
    return failure == null;
  }

  CompactionMeasurement failed(String reason) {
    return new CompactionMeasurement(engine, repetition, line, process, reason);
  }

  double jobSeconds() {
    return line.durationMillis() / 1000.0;
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

  double wallSeconds() {
    return process.wallSeconds();
  }

  double peakRssMegabytes() {
    return process.peakRssMegabytes();
  }

  long heapPeakMegabytes() {
    return process.heapPeakMegabytes();
  }

  public String describe() {
    String prefix = engine.label() + " repetition " + repetition;
    String figures =
        line == null
            ? String.format(Locale.ROOT, "process %.1f s", wallSeconds())
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
                heapPeakMegabytes());
    return prefix + ": " + figures + (succeeded() ? "" : "; FAILED: " + failure);
  }
}
