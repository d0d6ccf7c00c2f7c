package dev.firn.bench;

import static dev.firn.bench.SuiteScenario.COMMITS;
import static dev.firn.bench.SuiteScenario.COMPACTION;
import static dev.firn.bench.SuiteScenario.EXPIRY;
import static dev.firn.bench.SuiteScenario.INGEST;
import static dev.firn.bench.SuiteScenario.LOAD_TABLE;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.compaction.CompactionSettings;
import dev.firn.bench.core.CommandLines;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.SettingChecks;
import dev.firn.bench.core.Sized;
import dev.firn.bench.expiry.ExpirySettings;
import dev.firn.bench.ingest.IngestSettings;
import dev.firn.bench.ingest.Loader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What one run of {@link Benchmarks} does: which scenarios, in which mode, and the sizes each
 * scenario's harness gets. The full sizes are chosen so that every scenario runs at least five
 * measured repetitions after a warm-up and the whole suite fits in about 30 minutes on two cores;
 * {@code --quick} keeps it within five.
 *
 * @param quick whether these are the short settings of {@code --quick}
 * @param scenarios the scenarios to run
 * @param sparkModule the Spark engine's module folder, or null for the one in this repository
 * @param output the folder that receives {@code docs/benchmarks.md}, or null for the repository
 *     root
 * @param ingestMegabytes the ingestion input per format in MB, or null for the mode's default
 */
record SuiteSettings(
    boolean quick,
    Set<SuiteScenario> scenarios,
    Path sparkModule,
    Path output,
    Integer ingestMegabytes)
    implements Harness.Settings {
  // Scenarios 1 and 2: what the catalog harness runs, how often and for how long.
  static final List<Integer> LOAD_THREADS = List.of(1, 8, 32);
  static final List<Integer> WRITERS = List.of(1, 8);
  static final Sized<Integer> CATALOG_REPETITIONS = new Sized<>(5, 2);
  // Shorter than the catalog harness's own 5 s, so six loadTable and two commit variants fit.
  static final Sized<Duration> WINDOW = new Sized<>(Duration.ofSeconds(2), Duration.ofSeconds(1));
  // Three commit variants on three sides (Firn on SQLite and on PostgreSQL, the reference) fit the
  // suite's time in windows shorter than loadTable's.
  static final Sized<Duration> COMMIT_WINDOW =
      new Sized<>(Duration.ofSeconds(2), Duration.ofMillis(500));
  // Scenarios 3 to 5: the measured repetitions of each side, and the sizes.
  static final Sized<Integer> REPETITIONS = new Sized<>(5, 1);
  // The plan's 1 GB per format (--ingest-mb 1024) takes well over an hour at five repetitions
  // per loader on two cores; 32 MB leaves the other scenarios their time within the suite's 30
  // minutes.
  static final Sized<Integer> INGEST_MEGABYTES = new Sized<>(32, 8);
  static final List<Loader> INGEST_LOADERS = List.of(Loader.FIRN, Loader.SPARK);
  static final Sized<Integer> COMPACTION_FILES = new Sized<>(200, 20);
  static final Sized<Integer> COMPACTION_MEGABYTES = new Sized<>(180, 8);

  SuiteSettings {
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("No scenario to run");
    }
    scenarios = Set.copyOf(EnumSet.copyOf(scenarios));
    if (ingestMegabytes != null) {
      SettingChecks.within("--ingest-mb", ingestMegabytes, 1, 65_536);
    }
  }

  @Command(name = "Benchmarks", mixinStandardHelpOptions = true)
  static final class Options {
    @Option(names = "--ingest-mb", paramLabel = "N")
    Integer ingestMegabytes;

    @Option(
        names = "--only",
        paramLabel = "SCENARIO,...",
        description = "loadtable (1), commits (2), ingest (3), compaction (4), expiry (5)")
    String only;

    @Option(names = "--output", paramLabel = "DIR")
    Path output;

    @Option(names = "--quick", description = "the short settings")
    boolean quick;

    @Option(names = "--spark-module", paramLabel = "DIR")
    Path sparkModule;
  }

  static SuiteSettings parse(String... args) {
    Options options = CommandLines.parse(new Options(), args);
    return new SuiteSettings(
        options.quick,
        options.only == null ? EnumSet.allOf(SuiteScenario.class) : scenarios(options.only),
        options.sparkModule,
        options.output,
        options.ingestMegabytes);
  }

  boolean runs(SuiteScenario scenario) {
    return scenarios.contains(scenario);
  }

  @Override
  public boolean runsSpark() {
    return runs(INGEST) || runs(COMPACTION) || runs(EXPIRY);
  }

  @Override
  public boolean runsReference() {
    return runs(LOAD_TABLE) || runs(COMMITS);
  }

  /** The catalog harness's settings: loadTable and commit variants only where selected. */
  BenchSettings catalog() {
    return new BenchSettings(
        quick,
        BenchSettings.SNAPSHOTS.of(quick),
        CATALOG_REPETITIONS.of(quick),
        WINDOW.of(quick),
        BenchSettings.MAX_REQUESTS,
        BenchSettings.MAX_COMMITS,
        runs(LOAD_TABLE) ? LOAD_THREADS : List.of(),
        runs(COMMITS) ? WRITERS : List.of(),
        runs(COMMITS) ? BenchSettings.SPREAD_TABLES : 0,
        COMMIT_WINDOW.of(quick));
  }

  IngestSettings ingest() {
    return new IngestSettings(
        quick,
        INGEST_MEGABYTES.or(ingestMegabytes, quick),
        REPETITIONS.of(quick),
        // Each load is a fresh JVM; in quick mode a warm-up would cost as much as the load.
        !quick,
        IngestSettings.LOAD_TIMEOUT,
        INGEST_LOADERS,
        sparkModule);
  }

  CompactionSettings compaction() {
    int megabytes = COMPACTION_MEGABYTES.of(quick);
    return new CompactionSettings(
        quick,
        COMPACTION_FILES.of(quick),
        megabytes,
        REPETITIONS.of(quick),
        !quick,
        CompactionSettings.targetMegabytes(megabytes),
        sparkModule);
  }

  /** The expiry harness's own sizes, below the plan's 10,000 snapshots and 100,000 files. */
  ExpirySettings expiry() {
    return new ExpirySettings(
        quick,
        ExpirySettings.SNAPSHOTS.of(quick),
        ExpirySettings.FILES.of(quick),
        ExpirySettings.ORPHANS.of(quick),
        REPETITIONS.of(quick),
        // Each run is a fresh JVM; in quick mode a warm-up would cost as much as the run.
        !quick,
        sparkModule);
  }

  private static Set<SuiteScenario> scenarios(String list) {
    Set<SuiteScenario> scenarios = EnumSet.noneOf(SuiteScenario.class);
    for (String name : list.split(",")) {
      scenarios.add(
          SuiteScenario.byOption(name)
              .orElseThrow(() -> new IllegalArgumentException("Unknown scenario: " + name)));
    }
    return scenarios;
  }
}
