package dev.firn.bench.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a harness runs with: its folder, its clock and the machine's load from its start, the builds
 * it needs, and Firn's stack (S3 and the catalog) open around its measurements.
 *
 * @param folder where it works
 * @param spark the Spark engine, or null when the run needs none
 * @param reference the reference REST server's classpath, or null when the run needs none
 * @param progress where it reports progress
 */
public record HarnessRun(
    Instant started,
    long startNanos,
    String loadAtStart,
    Path folder,
    SparkModule spark,
    ReferenceClasspath reference,
    PrintStream progress) {

  /** What a harness measures while Firn's stack runs. */
  public interface Body<T> {
    T run(FirnStack stack) throws IOException, InterruptedException;
  }

  /** Starts the clock and reads the machine's load, for a run in {@code folder}. */
  public static HarnessRun start(
      Path folder, SparkModule spark, ReferenceClasspath reference, PrintStream progress) {
    // The wall clock dates the report; the monotonic clock times the run.
    return new HarnessRun(
        Instant.now(),
        System.nanoTime(),
        MachineInfo.loadAverage(),
        folder,
        spark,
        reference,
        progress);
  }

  /** A run of its own in {@code folder}, with this run's builds and progress, starting now. */
  public HarnessRun in(Path folder) {
    return start(folder, spark, reference, progress);
  }

  /**
   * Starts Firn's stack, runs {@code body} on it and stops every child; the children of {@code
   * body} run in {@code childJvm}.
   */
  public <T> T onStack(String clientName, ServerJvm childJvm, Body<T> body)
      throws IOException, InterruptedException {
    try (FirnStack stack = FirnStack.start(folder, clientName, childJvm, spark, progress)) {
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
