package dev.firn.bench;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.CatalogBenchmark;
import dev.firn.bench.compaction.CompactionBenchmark;
import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.expiry.ExpiryBenchmark;
import dev.firn.bench.ingest.IngestBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.IcebergBuild;

/**
 * Runs the selected scenarios through their harnesses, one harness after the other, each timed and
 * in a folder of its own, and gathers their sections and the versions under comparison. A harness
 * that fails leaves a warning in each of its scenarios' sections; the others still run.
 *
 * @param suite the suite's run, whose builds have the reference server for loadTable and commits
 *     and the Spark engine for ingestion, compaction and expiry, where those are selected
 * @param software the software under comparison so far; the runner adds to it
 * @param timings how long each harness ran so far; the runner adds to it
 */
record SuiteRunner(
    SuiteSettings settings,
    HarnessRun suite,
    Map<String, String> software,
    Map<String, Duration> timings) {
  /** A harness run for the suite in a folder of its own: its sections, from its own report. */
  private interface Sections {
    List<SuiteSection> run(HarnessRun run) throws Exception;
  }

  /** Runs every selected scenario. */
  SuiteRun run() throws IOException {
    BenchFolders.freshDirectory(suite.folder());
    software.put(
        "Firn", BenchFolders.versionOf(Benchmarks.class) + " on Iceberg " + IcebergBuild.version());
    List<SuiteSection> sections = new ArrayList<>();
    if (suite.reference() != null) {
      sections.addAll(catalog());
    }
    if (suite.spark() != null) {
      software.put(
          "Spark",
          suite.spark().sparkVersion()
              + " with Iceberg's Spark runtime "
              + suite.spark().icebergVersion());
    }
    for (SuiteScenario scenario :
        List.of(SuiteScenario.INGEST, SuiteScenario.COMPACTION, SuiteScenario.EXPIRY)) {
      if (settings.runs(scenario)) {
        sections.addAll(
            harness(
                scenario.title.toLowerCase(Locale.ROOT),
                scenario.option,
                List.of(scenario),
                in -> List.of(section(scenario, in))));
      }
    }
    return new SuiteRun(
        suite.stamp(), settings.quick(), software, sections, timings, suite.loads());
  }

  private List<SuiteSection> catalog() {
    software.put(
        "Reference REST server",
        "`RESTCatalogServer` from iceberg-open-api "
            + suite.reference().icebergVersion()
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
        in -> SuiteSection.catalog(new CatalogBenchmark(catalog, in).report(), catalog));
  }

  /** The section of the harness of one scenario, run in {@code in}. */
  private SuiteSection section(SuiteScenario scenario, HarnessRun in)
      throws IOException, InterruptedException {
    return switch (scenario) {
      case INGEST -> SuiteSection.ingest(new IngestBenchmark(settings.ingest(), in).report());
      case COMPACTION ->
          SuiteSection.compaction(new CompactionBenchmark(settings.compaction(), in).report());
      case EXPIRY -> SuiteSection.expiry(new ExpiryBenchmark(settings.expiry(), in).report());
      default -> throw new IllegalArgumentException("Not a harness of one scenario: " + scenario);
    };
  }

  /** Runs one harness in its own folder, timed; a failure becomes a warning per scenario. */
  private List<SuiteSection> harness(
      String name, String folder, List<SuiteScenario> scenarios, Sections harness) {
    PrintStream progress = suite.progress();
    progress.println("== " + name);
    long start = System.nanoTime();
    try {
      return harness.run(suite.in(suite.folder().resolve(folder)));
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
