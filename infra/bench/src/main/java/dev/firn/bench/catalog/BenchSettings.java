package dev.firn.bench.catalog;

import dev.firn.bench.core.CommandLines;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.SettingChecks;
import dev.firn.bench.core.Sized;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What one benchmark run does: how big the loaded table is, how often each scenario repeats, and
 * the bounds on every measured window.
 *
 * @param quick whether these are the short settings of {@code --quick}
 * @param snapshots the snapshots in the table that loadTable reads
 * @param repetitions measured repetitions per side and scenario, after one warm-up each
 * @param window how long one repetition runs
 * @param maxRequests the most loadTable requests in one repetition
 * @param maxCommits the most commits in one repetition
 * @param loadThreads the client thread counts of the loadTable scenarios
 * @param writers the writer counts of the commit scenarios on one table
 * @param spreadTables the tables of the commit scenario whose most writers commit over several
 *     tables, or 0 for none
 * @param commitWindow how long one repetition of a commit scenario runs
 */
public record BenchSettings(
    boolean quick,
    int snapshots,
    int repetitions,
    Duration window,
    int maxRequests,
    int maxCommits,
    List<Integer> loadThreads,
    List<Integer> writers,
    int spreadTables,
    Duration commitWindow)
    implements Harness.Settings {

  public static final Sized<Integer> SNAPSHOTS = new Sized<>(1000, 100);
  static final Sized<Integer> REPETITIONS = new Sized<>(5, 3);
  static final Sized<Duration> WINDOW = new Sized<>(Duration.ofSeconds(5), Duration.ofSeconds(2));
  public static final int MAX_REQUESTS = 200_000;
  public static final int MAX_COMMITS = 5_000;
  // Longer windows would push the default run past 15 minutes on two cores.
  static final Duration WINDOW_MAX = Duration.ofSeconds(30);
  // The plan's "8 writers over 32 tables".
  public static final int SPREAD_TABLES = 32;

  public BenchSettings {
    SettingChecks.within("snapshots", snapshots, 1, 100_000);
    SettingChecks.within("repetitions", repetitions, 1, 50);
    checkWindow(window);
    checkWindow(commitWindow);
    SettingChecks.check(
        spreadTables >= 0, "Invalid spread tables: " + spreadTables + " (must be >= 0)");
    loadThreads = List.copyOf(loadThreads);
    writers = List.copyOf(writers);
  }

  private static void checkWindow(Duration window) {
    SettingChecks.check(
        !window.isNegative() && !window.isZero() && window.compareTo(WINDOW_MAX) <= 0,
        "Invalid window: " + window + " (must be more than 0 and at most " + WINDOW_MAX + ")");
  }

  /** A window as the reports state it: "3 s", or "500 ms" below a second. */
  static String describe(Duration window) {
    return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
  }

  /**
   * The commit scenarios in order: each writer count on one table, then the most writers over
   * {@link #spreadTables()} tables, if any.
   */
  public List<CommitScenario> commitScenarios() {
    List<CommitScenario> scenarios = new ArrayList<>();
    writers.forEach(count -> scenarios.add(new CommitScenario(count)));
    if (spreadTables > 0 && !writers.isEmpty()) {
      scenarios.add(new CommitScenario(Collections.max(writers), spreadTables));
    }
    return scenarios;
  }

  @Command(name = "CatalogBenchmark", mixinStandardHelpOptions = true)
  static final class Options {
    @Option(names = "--quick", description = "100 snapshots, 3 repetitions of 2 s")
    boolean quick;

    @Option(names = "--repetitions", paramLabel = "R")
    Integer repetitions;

    @Option(names = "--seconds", paramLabel = "S", description = "at most 30")
    Integer seconds;

    @Option(names = "--snapshots", paramLabel = "N")
    Integer snapshots;
  }

  static BenchSettings parse(String... args) {
    Options options = CommandLines.parse(new Options(), args);
    boolean quick = options.quick;
    Duration seconds = options.seconds == null ? null : Duration.ofSeconds(options.seconds);
    Duration window = WINDOW.or(seconds, quick);
    return new BenchSettings(
        quick,
        SNAPSHOTS.or(options.snapshots, quick),
        REPETITIONS.or(options.repetitions, quick),
        window,
        MAX_REQUESTS,
        MAX_COMMITS,
        List.of(1, 8),
        List.of(1, 8),
        SPREAD_TABLES,
        window);
  }

  @Override
  public boolean runsSpark() {
    return false;
  }

  @Override
  public boolean runsReference() {
    return true;
  }
}
