package dev.firn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.IcebergBuild;

/**
 * Runs every benchmark scenario that exists, Firn against its reference in each, and writes {@code
 * docs/benchmarks.md} with one PNG chart per scenario under {@code docs/benchmarks/}. Each scenario
 * runs through its own harness ({@link CatalogBenchmark}, {@link IngestBenchmark}, {@link
 * CompactionBenchmark}) with the suite's sizes; a harness that fails leaves a warning in its
 * section and the others still run.
 */
public final class Benchmarks {
  static final String DOCUMENT = "docs/benchmarks.md";
  static final String CHART_FOLDER = "benchmarks";
  static final String RUN_DIRECTORY = "suite-run";

  private Benchmarks() {}

  /** A harness run for the suite: its sections, from its own report. */
  private interface Harness {
    List<SuiteSection> run(Path work) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(SuiteSettings.USAGE);
      return;
    }
    SuiteSettings settings;
    Path buildDirectory = BenchFolders.buildDirectory();
    ReferenceClasspath reference = null;
    SparkModule spark = null;
    try {
      settings = SuiteSettings.parse(args);
      // Missing builds stop the run before it starts rather than half-way through.
      if (settings.runs(SuiteScenario.LOAD_TABLE) || settings.runs(SuiteScenario.COMMITS)) {
        reference = ReferenceClasspath.read(buildDirectory);
      }
      if (settings.runs(SuiteScenario.COMPACTION)) {
        spark =
            SparkModule.locate(
                settings.sparkModule() != null
                    ? settings.sparkModule()
                    : SparkModule.defaultDirectory(buildDirectory));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path root =
        settings.output() != null
            ? settings.output()
            : buildDirectory.getParent().getParent().getParent();
    SuiteRun run =
        run(settings, reference, spark, buildDirectory.resolve(RUN_DIRECTORY), System.err);
    Path document = write(run, root);
    System.err.println(
        "Benchmarks written to " + document + " in " + BenchmarksDocument.duration(run.took()));
    run.timings()
        .forEach(
            (name, took) ->
                System.err.println("  " + name + ": " + BenchmarksDocument.duration(took)));
  }

  static SuiteRun run(
      SuiteSettings settings,
      ReferenceClasspath reference,
      SparkModule spark,
      Path work,
      PrintStream progress)
      throws IOException {
    Instant started = Instant.now();
    long start = System.nanoTime();
    String loadAtStart = MachineInfo.loadAverage();
    BenchFolders.freshDirectory(work);
    Map<String, String> software = new LinkedHashMap<>();
    software.put(
        "Firn", BenchFolders.versionOf(Benchmarks.class) + " on Iceberg " + IcebergBuild.version());
    Map<String, Duration> timings = new LinkedHashMap<>();
    List<SuiteSection> sections = new ArrayList<>();
    BenchSettings catalog = settings.catalog();
    if (reference != null) {
      ReferenceClasspath classpath = reference;
      software.put(
          "Reference REST server",
          "`RESTCatalogServer` from iceberg-open-api "
              + classpath.icebergVersion()
              + " test fixtures, JdbcCatalog on SQLite");
      sections.addAll(
          harness(
              "loadTable and commits",
              work.resolve("catalog"),
              timings,
              progress,
              dir ->
                  SuiteSections.catalog(
                      CatalogBenchmark.run(catalog, classpath, dir, progress), catalog),
              catalogScenarios(settings)));
    }
    if (settings.runs(SuiteScenario.INGEST)) {
      software.put(
          "Ingestion reference", "plain single-threaded loader on Iceberg's generic writers");
      sections.addAll(
          harness(
              "ingestion",
              work.resolve("ingest"),
              timings,
              progress,
              dir ->
                  List.of(
                      SuiteSections.ingest(IngestBenchmark.run(settings.ingest(), dir, progress))),
              List.of(SuiteScenario.INGEST)));
    }
    if (spark != null) {
      SparkModule engine = spark;
      software.put(
          "Spark",
          engine.sparkVersion() + " with Iceberg's Spark runtime " + engine.icebergVersion());
      sections.addAll(
          harness(
              "compaction",
              work.resolve("compaction"),
              timings,
              progress,
              dir ->
                  List.of(
                      SuiteSections.compaction(
                          CompactionBenchmark.run(settings.compaction(), engine, dir, progress))),
              List.of(SuiteScenario.COMPACTION)));
    }
    return new SuiteRun(
        started,
        Duration.ofNanos(System.nanoTime() - start),
        settings.quick(),
        MachineInfo.current(),
        software,
        sections,
        timings,
        List.of(loadAtStart, MachineInfo.loadAverage()));
  }

  private static List<SuiteScenario> catalogScenarios(SuiteSettings settings) {
    return List.of(SuiteScenario.LOAD_TABLE, SuiteScenario.COMMITS).stream()
        .filter(settings::runs)
        .toList();
  }

  /** Runs one harness, timed; a failure becomes a warning in each of its scenarios' sections. */
  private static List<SuiteSection> harness(
      String name,
      Path work,
      Map<String, Duration> timings,
      PrintStream progress,
      Harness harness,
      List<SuiteScenario> scenarios) {
    progress.println("== " + name);
    long start = System.nanoTime();
    try {
      return harness.run(work);
    } catch (Exception e) {
      progress.println("WARNING: the " + name + " benchmark failed: " + e);
      e.printStackTrace(progress);
      String warning = "the " + name + " benchmark failed: " + e;
      return scenarios.stream()
          .map(s -> new SuiteSection(s, List.of(), List.of(), List.of(warning)))
          .toList();
    } finally {
      timings.put(name, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Writes the document and its charts under {@code root}; returns the document's path. */
  static Path write(SuiteRun run, Path root) throws IOException {
    Path document = root.resolve(DOCUMENT);
    Path charts = document.getParent().resolve(CHART_FOLDER);
    Files.createDirectories(charts);
    for (SuiteSection section : run.sections()) {
      ChartImage.write(section.chart(), charts.resolve(section.scenario().chartFile()));
    }
    Files.writeString(
        document, new BenchmarksDocument(run, CHART_FOLDER).render(), StandardCharsets.UTF_8);
    return document;
  }
}
