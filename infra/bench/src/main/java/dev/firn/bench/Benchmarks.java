package dev.firn.bench;

import dev.firn.bench.catalog.CatalogBenchmark;
import dev.firn.bench.compaction.CompactionBenchmark;
import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.expiry.ExpiryBenchmark;
import dev.firn.bench.ingest.IngestBenchmark;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * Runs every benchmark scenario that exists, Firn against its reference in each, and writes {@code
 * docs/benchmarks.md} with one PNG chart per scenario under {@code docs/benchmarks/}. Each scenario
 * runs through its own harness ({@link CatalogBenchmark}, {@link IngestBenchmark}, {@link
 * CompactionBenchmark}, {@link ExpiryBenchmark}) with the suite's sizes; a harness that fails
 * leaves a warning in its section and the others still run.
 */
public record Benchmarks(SuiteSettings settings, HarnessRun run) implements Harness {
  static final String DOCUMENT = "docs/benchmarks.md";
  static final String CHART_FOLDER = "benchmarks";

  /**
   * Runs the selected scenarios in the run's folder, writes the document, and says where and how
   * long each harness took.
   */
  @Override
  public SuiteRun report() throws IOException {
    Path repository = BenchFolders.repository();
    Path root = settings.output() != null ? settings.output() : repository;
    SuiteRun suite =
        new SuiteRunner(settings, run, new LinkedHashMap<>(), new LinkedHashMap<>()).run();
    Path document = write(suite, root, repository);
    PrintStream progress = run.progress();
    progress.println(
        "Benchmarks written to "
            + document
            + " in "
            + BenchmarksDocument.duration(suite.stamp().took()));
    suite
        .timings()
        .forEach(
            (name, took) ->
                progress.println("  " + name + ": " + BenchmarksDocument.duration(took)));
    return suite;
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

  public static void main(String[] args) throws Exception {
    Harness.main(args, "suite", SuiteSettings::parse, Benchmarks::new);
  }
}
