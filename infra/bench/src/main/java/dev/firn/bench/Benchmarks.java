package dev.firn.bench;

import dev.firn.bench.catalog.CatalogBenchmark;
import dev.firn.bench.catalog.ReferenceClasspath;
import dev.firn.bench.compaction.CompactionBenchmark;
import dev.firn.bench.core.HarnessMain;
import dev.firn.bench.core.SparkModule;
import dev.firn.bench.expiry.ExpiryBenchmark;
import dev.firn.bench.ingest.IngestBenchmark;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs every benchmark scenario that exists, Firn against its reference in each, and writes {@code
 * docs/benchmarks.md} with one PNG chart per scenario under {@code docs/benchmarks/}. Each scenario
 * runs through its own harness ({@link CatalogBenchmark}, {@link IngestBenchmark}, {@link
 * CompactionBenchmark}, {@link ExpiryBenchmark}) with the suite's sizes; a harness that fails
 * leaves a warning in its section and the others still run.
 */
public final class Benchmarks {
  static final String DOCUMENT = "docs/benchmarks.md";
  static final String CHART_FOLDER = "benchmarks";
  static final String RUN_DIRECTORY = "suite-run";

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    HarnessMain.main(args, new SuiteSettings.Options(), SuiteSettings::parse, Benchmarks::run);
  }

  private static void run(SuiteSettings settings, Path buildDirectory) throws IOException {
    // Missing builds stop the run before it starts rather than half-way through.
    ReferenceClasspath reference =
        settings.runs(SuiteScenario.LOAD_TABLE) || settings.runs(SuiteScenario.COMMITS)
            ? HarnessMain.orExit(() -> ReferenceClasspath.read(buildDirectory))
            : null;
    SparkModule spark =
        settings.runs(SuiteScenario.COMPACTION)
                || settings.runs(SuiteScenario.INGEST)
                || settings.runs(SuiteScenario.EXPIRY)
            ? HarnessMain.orExit(() -> SparkModule.find(settings.sparkModule(), buildDirectory))
            : null;
    Path repository = buildDirectory.getParent().getParent().getParent();
    Path root = settings.output() != null ? settings.output() : repository;
    SuiteRun run =
        new SuiteRunner(settings, buildDirectory.resolve(RUN_DIRECTORY), System.err)
            .run(reference, spark);
    Path document = write(run, root, repository);
    System.err.println(
        "Benchmarks written to "
            + document
            + " in "
            + BenchmarksDocument.duration(run.stamp().took()));
    run.timings()
        .forEach(
            (name, took) ->
                System.err.println("  " + name + ": " + BenchmarksDocument.duration(took)));
  }

  /**
   * Writes the document and its charts under {@code root}; returns the document's path. Paths under
   * {@code repository} (the logs that warnings name) are given relative to it, as a reader of the
   * repository finds them.
   */
  static Path write(SuiteRun run, Path root, Path repository) throws IOException {
    Path document = root.resolve(DOCUMENT);
    Path charts = document.getParent().resolve(CHART_FOLDER);
    Files.createDirectories(charts);
    for (SuiteSection section : run.sections()) {
      ChartImage.write(section.chart(), charts.resolve(section.scenario().chartFile()));
    }
    String text =
        new BenchmarksDocument(run, CHART_FOLDER)
            .render()
            .replace(repository.toAbsolutePath() + File.separator, "");
    Files.writeString(document, text, StandardCharsets.UTF_8);
    return document;
  }
}
