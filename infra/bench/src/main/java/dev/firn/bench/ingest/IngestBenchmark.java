package dev.firn.bench.ingest;

import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.HarnessMain;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.SparkModule;
import dev.firn.bench.core.Versions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.IcebergBuild;

/**
 * Measures Firn's writer against Spark's {@code INSERT} (and, on request, a plain Iceberg loader)
 * on the same machine, catalog and inputs: generated NDJSON and Parquet files, each load in a JVM
 * of its own. Prints a Markdown report and writes it to {@code target/ingest-benchmark.md}. It
 * reports; it does not judge.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    HarnessMain.withSpark(
        args,
        "ingest",
        new IngestSettings.Options(),
        IngestSettings::parse,
        (settings, spark, run) -> run(settings, spark, run, System.err).render());
  }

  /**
   * Generates the inputs under {@code run}, runs every load and returns the figures; {@code spark}
   * is needed when Spark is among the loaders.
   */
  public static IngestReport run(
      IngestSettings settings, SparkModule spark, Path run, PrintStream progress)
      throws IOException, InterruptedException {
    HarnessRun harness = HarnessRun.start(run, spark, progress);
    List<InputSet[]> inputs =
        generate(settings, BenchFolders.freshDirectory(run.resolve("input")), progress);
    ServerJvm loaderJvm = new ServerJvm(IngestSettings.HEAP_LIMIT);
    List<FormatResult> results =
        harness.onStack(
            "ingest-bench-check", loaderJvm, stack -> measure(settings, stack, inputs, progress));
    return new IngestReport(
        harness.stamp(),
        settings,
        new Versions(BenchFolders.versionOf(IngestBenchmark.class), IcebergBuild.version(), ""),
        loaderJvm,
        ServerJvm.defaults(),
        results);
  }

  private static List<FormatResult> measure(
      IngestSettings settings, FirnStack stack, List<InputSet[]> inputs, PrintStream progress)
      throws IOException, InterruptedException {
    IngestRuns runs =
        new IngestRuns(
            new LoaderLauncher(stack, settings.loadTimeout()),
            settings.loaders(),
            stack.catalog(),
            stack.s3Data(),
            stack.server(),
            progress);
    List<FormatResult> results = new ArrayList<>();
    for (InputSet[] pair : inputs) {
      results.add(runs.run(pair[0], pair[1], settings.repetitions()));
    }
    return results;
  }

  /** Per format, a warm-up slice (null without warm-up) and the measured input. */
  private static List<InputSet[]> generate(
      IngestSettings settings, Path input, PrintStream progress) throws IOException {
    InputGenerator generator = new InputGenerator(progress);
    List<InputSet[]> inputs = new ArrayList<>();
    for (InputFormat format : InputFormat.values()) {
      String name = format.name().toLowerCase(java.util.Locale.ROOT);
      long seed = IngestSettings.SEED + format.ordinal();
      InputSet warmUp =
          !settings.warmUp()
              ? null
              : generator.generate(
                  format,
                  input.resolve(name + "-warm-up"),
                  (long) IngestSettings.WARM_UP_MEGABYTES << 20,
                  seed + 100);
      InputSet measured =
          generator.generate(format, input.resolve(name), settings.sizeBytes(), seed);
      inputs.add(new InputSet[] {warmUp, measured});
    }
    return inputs;
  }
}
