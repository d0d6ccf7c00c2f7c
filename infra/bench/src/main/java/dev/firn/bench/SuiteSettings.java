package dev.firn.bench;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.compaction.CompactionSettings;
import dev.firn.bench.core.CommandLines;
import dev.firn.bench.core.SettingChecks;
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
    Integer ingestMegabytes) {
  static final int REPETITIONS_FULL = 5;
  static final int REPETITIONS_QUICK_CATALOG = 2;
  static final int REPETITIONS_QUICK = 1;
  static final int SNAPSHOTS_FULL = 1000;
  static final int SNAPSHOTS_QUICK = 100;
  // Shorter than the catalog harness's own 5 s, so six loadTable and two commit variants fit.
  static final Duration WINDOW_FULL = Duration.ofSeconds(2);
  static final Duration WINDOW_QUICK = Duration.ofSeconds(1);
  // Three commit variants on three sides (Firn on SQLite and on PostgreSQL, the reference) fit the
  // suite's time in windows shorter than loadTable's.
  static final Duration COMMIT_WINDOW_FULL = Duration.ofSeconds(2);
  static final Duration COMMIT_WINDOW_QUICK = Duration.ofMillis(500);
  static final List<Integer> LOAD_THREADS = List.of(1, 8, 32);
  static final List<Integer> WRITERS = List.of(1, 8);
  // The plan's 1 GB per format (--ingest-mb 1024) takes well over an hour at five repetitions
  // per loader on two cores; 32 MB leaves the other scenarios their time within the suite's 30
  // minutes.
  static final int INGEST_MEGABYTES_FULL = 32;
  static final int INGEST_MEGABYTES_QUICK = 8;
  static final List<Loader> INGEST_LOADERS = List.of(Loader.FIRN, Loader.SPARK);
  static final int COMPACTION_FILES_FULL = 200;
  static final int COMPACTION_MEGABYTES_FULL = 180;
  static final int COMPACTION_FILES_QUICK = 20;
  static final int COMPACTION_MEGABYTES_QUICK = 8;
  // Below the plan's 10,000 snapshots and 100,000 files: see ExpirySettings.
  static final int EXPIRY_SNAPSHOTS_FULL = ExpirySettings.SNAPSHOTS_DEFAULT;
  static final int EXPIRY_FILES_FULL = ExpirySettings.FILES_DEFAULT;
  static final int EXPIRY_ORPHANS_FULL = ExpirySettings.ORPHANS_DEFAULT;
  static final int EXPIRY_SNAPSHOTS_QUICK = ExpirySettings.SNAPSHOTS_QUICK;
  static final int EXPIRY_FILES_QUICK = ExpirySettings.FILES_QUICK;
  static final int EXPIRY_ORPHANS_QUICK = ExpirySettings.ORPHANS_QUICK;

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
    @Option(names = "--quick", description = "the short settings")
    boolean quick;

    @Option(
        names = "--only",
        paramLabel = "SCENARIO,...",
        description = "loadtable (1), commits (2), ingest (3), compaction (4), expiry (5)")
    String only;

    @Option(names = "--spark-module", paramLabel = "DIR")
    Path sparkModule;

    @Option(names = "--output", paramLabel = "DIR")
    Path output;

    @Option(names = "--ingest-mb", paramLabel = "N")
    Integer ingestMegabytes;
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

  /** The catalog harness's settings: loadTable and commit variants only where selected. */
  BenchSettings catalog() {
    return new BenchSettings(
        quick,
        quick ? SNAPSHOTS_QUICK : SNAPSHOTS_FULL,
        quick ? REPETITIONS_QUICK_CATALOG : REPETITIONS_FULL,
        quick ? WINDOW_QUICK : WINDOW_FULL,
        BenchSettings.MAX_REQUESTS,
        BenchSettings.MAX_COMMITS,
        runs(SuiteScenario.LOAD_TABLE) ? LOAD_THREADS : List.of(),
        runs(SuiteScenario.COMMITS) ? WRITERS : List.of(),
        runs(SuiteScenario.COMMITS) ? BenchSettings.SPREAD_TABLES : 0,
        quick ? COMMIT_WINDOW_QUICK : COMMIT_WINDOW_FULL);
  }

  IngestSettings ingest() {
    return new IngestSettings(
        quick,
        ingestMegabytes != null
            ? ingestMegabytes
            : quick ? INGEST_MEGABYTES_QUICK : INGEST_MEGABYTES_FULL,
        quick ? REPETITIONS_QUICK : REPETITIONS_FULL,
        // Each load is a fresh JVM; in quick mode a warm-up would cost as much as the load.
        !quick,
        IngestSettings.LOAD_TIMEOUT,
        INGEST_LOADERS,
        sparkModule);
  }

  CompactionSettings compaction() {
    int megabytes = quick ? COMPACTION_MEGABYTES_QUICK : COMPACTION_MEGABYTES_FULL;
    return new CompactionSettings(
        quick,
        quick ? COMPACTION_FILES_QUICK : COMPACTION_FILES_FULL,
        megabytes,
        quick ? REPETITIONS_QUICK : REPETITIONS_FULL,
        !quick,
        Math.max(
            1,
            megabytes
                / (CompactionSettings.PARTITIONS * CompactionSettings.OUTPUT_FILES_PER_PARTITION)),
        sparkModule);
  }

  ExpirySettings expiry() {
    return new ExpirySettings(
        quick,
        quick ? EXPIRY_SNAPSHOTS_QUICK : EXPIRY_SNAPSHOTS_FULL,
        quick ? EXPIRY_FILES_QUICK : EXPIRY_FILES_FULL,
        quick ? EXPIRY_ORPHANS_QUICK : EXPIRY_ORPHANS_FULL,
        quick ? REPETITIONS_QUICK : REPETITIONS_FULL,
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
