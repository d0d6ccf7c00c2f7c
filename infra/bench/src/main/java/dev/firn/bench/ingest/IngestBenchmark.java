package dev.firn.bench.ingest;

import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.Versions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.IcebergBuild;

/**
 * Measures Firn's writer against Spark's {@code INSERT} (and, on request, a plain Iceberg loader)
 * on the same machine, catalog and inputs: generated NDJSON and Parquet files, each load in a JVM
 * of its own. Prints a Markdown report and writes it to {@code target/ingest-benchmark.md}. It
 * reports; it does not judge.
 */
public record IngestBenchmark(IngestSettings settings, HarnessRun run) implements Harness {
  /**
   * Generates the inputs in the run's folder, runs every load and returns the figures; the run
   * needs the Spark engine when Spark is among the loaders.
   */
  @Override
  public IngestReport report() throws IOException, InterruptedException {
    List<InputSet[]> inputs = generate(BenchFolders.freshDirectory(run.folder().resolve("input")));
    ServerJvm loaderJvm = new ServerJvm(IngestSettings.HEAP_LIMIT);
    List<FormatResult> results =
        run.onStack("ingest-bench-check", loaderJvm, stack -> measure(stack, inputs));
    return new IngestReport(
        run.stamp(),
        settings,
        new Versions(BenchFolders.versionOf(IngestBenchmark.class), IcebergBuild.version(), ""),
        loaderJvm,
        ServerJvm.defaults(),
        results);
  }

  private List<FormatResult> measure(FirnStack stack, List<InputSet[]> inputs)
      throws IOException, InterruptedException {
    IngestRuns runs =
        new IngestRuns(
            new LoaderLauncher(stack, settings.loadTimeout()),
            settings.loaders(),
            stack.catalog(),
            stack.s3Data(),
            stack.server(),
            run.progress());
    List<FormatResult> results = new ArrayList<>();
    for (InputSet[] pair : inputs) {
      results.add(runs.run(pair[0], pair[1], settings.repetitions()));
    }
    return results;
  }

  /** Per format, a warm-up slice (null without warm-up) and the measured input. */
  private List<InputSet[]> generate(Path input) throws IOException {
    InputGenerator generator = new InputGenerator(run.progress());
    List<InputSet[]> inputs = new ArrayList<>();
    for (InputFormat format : InputFormat.values()) {
      String name = format.name().toLowerCase(Locale.ROOT);
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

  public static void main(String[] args) throws Exception {
    Harness.main(args, "ingest", IngestSettings::parse, IngestBenchmark::new);
  }
}
