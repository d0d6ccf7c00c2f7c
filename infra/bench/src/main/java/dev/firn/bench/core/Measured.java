package dev.firn.bench.core;

import java.util.Locale;

/**
 * One measured job of a child process, whichever harness ran it: the job's own duration from its
 * result line, the process's figures, and why the run does not count, if it does not.
 */
public interface Measured {
  ProcessFigures process();

  /** Why the run does not count, or null. */
  String failure();

  /** The job's own duration as its result line reports it. */
  long jobMillis();

  default boolean succeeded() {
    return failure() == null;
  }

  default double jobSeconds() {
    return jobMillis() / 1000.0;
  }

  default double wallSeconds() {
    return process().wallSeconds();
  }

  default double peakRssMegabytes() {
    return process().peakRssMegabytes();
  }

  default long heapPeakMegabytes() {
    return process().heapPeakMegabytes();
  }

  /**
   * One line for the progress log: {@code who}, then {@code figures} from the result line, or only
   * the process's life when the child printed none (null), then the failure if any.
   */
  default String describe(String who, String figures) {
    String shown =
        figures != null ? figures : String.format(Locale.ROOT, "process %.1f s", wallSeconds());
    return who + ": " + shown + (succeeded() ? "" : "; FAILED: " + failure());
  }
}
