package dev.firn.bench;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.CatalogBenchmark;
import dev.firn.bench.catalog.ReferenceClasspath;
import dev.firn.bench.compaction.CompactionBenchmark;
import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.SparkModule;
import dev.firn.bench.expiry.ExpiryBenchmark;
import dev.firn.bench.ingest.IngestBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.IcebergBuild;

/**
 * Runs the selected scenarios through their harnesses, one harness after the other, each timed, and
 * gathers their sections and the versions under comparison. A harness that fails leaves a warning
 * in each of its scenarios' sections; the others still run.
 */
final class SuiteRunner {
  /** A harness run for the suite: its sections, from its own report. */
  private interface Harness {
    List<SuiteSection> run(Path work) throws Exception;
  }

  /** A harness run for the suite with one scenario. */
  private interface SingleHarness {
    SuiteSection run(Path work) throws Exception;
  }

  private final SuiteSettings settings;
  private final Path work;
  private final PrintStream progress;
  private final Map<String, String> software = new LinkedHashMap<>();
  private final Map<String, Duration> timings = new LinkedHashMap<>();

  SuiteRunner(SuiteSettings settings, Path work, PrintStream progress) {
    this.settings = settings;
    this.work = work;
    this.progress = progress;
  }

  /**
   * Runs every selected scenario. {@code reference} is needed for loadTable and commits, {@code
   * spark} for ingestion, compaction and expiry; either may be null when its scenarios are not
   * selected.
   */
  SuiteRun run(ReferenceClasspath reference, SparkModule spark) throws IOException {
    HarnessRun harness = HarnessRun.start();
    BenchFolders.freshDirectory(work);
    software.put(
        "Firn", BenchFolders.versionOf(Benchmarks.class) + " on Iceberg " + IcebergBuild.version());
    List<SuiteSection> sections = new ArrayList<>();
    if (reference != null) {
      sections.addAll(catalog(reference));
    }
    if (spark != null) {
      software.put(
          "Spark",
          spark.sparkVersion() + " with Iceberg's Spark runtime " + spark.icebergVersion());
    }
    if (settings.runs(SuiteScenario.INGEST)) {
      sections.addAll(
          harness(
              "ingestion",
              SuiteScenario.INGEST,
              dir ->
                  SuiteSection.ingest(
                      IngestBenchmark.run(settings.ingest(), spark, dir, progress))));
    }
    if (spark != null && settings.runs(SuiteScenario.COMPACTION)) {
      sections.addAll(
          harness(
              "compaction",
              SuiteScenario.COMPACTION,
              dir ->
                  SuiteSection.compaction(
                      CompactionBenchmark.run(settings.compaction(), spark, dir, progress))));
    }
    if (spark != null && settings.runs(SuiteScenario.EXPIRY)) {
      sections.addAll(
          harness(
              "expiry and orphans",
              SuiteScenario.EXPIRY,
              dir ->
                  SuiteSection.expiry(
                      ExpiryBenchmark.run(settings.expiry(), spark, dir, progress))));
    }
    return new SuiteRun(
        harness.stamp(), settings.quick(), software, sections, timings, harness.loads());
  }

  private List<SuiteSection> catalog(ReferenceClasspath reference) {
    software.put(
        "Reference REST server",
        "`RESTCatalogServer` from iceberg-open-api "
            + reference.icebergVersion()
            + " test fixtures, JdbcCatalog on SQLite");
    BenchSettings catalog = settings.catalog();
    List<SuiteScenario> scenarios =
        List.of(SuiteScenario.LOAD_TABLE, SuiteScenario.COMMITS).stream()
            .filter(settings::runs)
            .toList();
    return harness(
        "loadTable and commits",
        "catalog",
        scenarios,
        dir ->
            SuiteSection.catalog(CatalogBenchmark.run(catalog, reference, dir, progress), catalog));
  }

  /** Runs a harness of one scenario, in the folder named as its option, and returns its section. */
  private List<SuiteSection> harness(String name, SuiteScenario scenario, SingleHarness harness) {
    return harness(name, scenario.option, List.of(scenario), dir -> List.of(harness.run(dir)));
  }

  /** Runs one harness in its own folder, timed; a failure becomes a warning per scenario. */
  private List<SuiteSection> harness(
      String name, String folder, List<SuiteScenario> scenarios, Harness harness) {
    progress.println("== " + name);
    long start = System.nanoTime();
    try {
      return harness.run(work.resolve(folder));
    } catch (Exception e) {
      progress.println("WARNING: the " + name + " benchmark failed: " + e);
      e.printStackTrace(progress);
      String warning = "the " + name + " benchmark failed: " + e;
      return scenarios.stream()
          .map(scenario -> new SuiteSection(scenario, List.of(), List.of(), List.of(warning)))
          .toList();
    } finally {
      timings.put(name, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
