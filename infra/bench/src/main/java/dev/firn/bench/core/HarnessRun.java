package dev.firn.bench.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The skeleton of a harness's run: its clock and the machine's load from its start, and Firn's
 * stack (S3 and the catalog) open around the harness's measurements.
 */
public record HarnessRun(
    Instant started,
    long startNanos,
    String loadAtStart,
    Path run,
    SparkModule spark,
    PrintStream progress) {

  /** What a harness measures while Firn's stack runs. */
  public interface Body<T> {
    T run(FirnStack stack) throws IOException, InterruptedException;
  }

  /** Starts the clock and reads the machine's load, for a run that opens no stack of its own. */
  public static HarnessRun start() {
    return start(null, null, null);
  }

  /**
   * Starts the clock and reads the machine's load, for a run that works under {@code run} and
   * starts Firn's stack there ({@code spark} may be null when no child runs Spark).
   */
  public static HarnessRun start(Path run, SparkModule spark, PrintStream progress) {
    // The wall clock dates the report; the monotonic clock times the run.
    return new HarnessRun(
        Instant.now(), System.nanoTime(), MachineInfo.loadAverage(), run, spark, progress);
  }

  /**
   * Starts Firn's stack, runs {@code body} on it and stops every child; the children of {@code
   * body} run in {@code childJvm}.
   */
  public <T> T onStack(String clientName, ServerJvm childJvm, Body<T> body)
      throws IOException, InterruptedException {
    try (FirnStack stack = FirnStack.start(run, clientName, childJvm, spark, progress)) {
      return body.run(stack);
    }
  }

  /** When the run began, how long it has taken so far, and the machine. */
  public RunStamp stamp() {
    return new RunStamp(
        started, Duration.ofNanos(System.nanoTime() - startNanos), MachineInfo.current());
  }

  /** The machine's load averages at the start of the run and now. */
  public List<String> loads() {
    return List.of(loadAtStart, MachineInfo.loadAverage());
  }
}
