package dev.firn.bench.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
    Duration commitWindow) {

  static final int SNAPSHOTS_DEFAULT = 1000;
  static final int SNAPSHOTS_QUICK = 100;
  static final int REPETITIONS_DEFAULT = 5;
  static final int REPETITIONS_QUICK = 3;
  static final Duration WINDOW_DEFAULT = Duration.ofSeconds(5);
  static final Duration WINDOW_QUICK = Duration.ofSeconds(2);
  public static final int MAX_REQUESTS = 200_000;
  public static final int MAX_COMMITS = 5_000;
  // Longer windows would push the default run past 15 minutes on two cores.
  static final Duration WINDOW_MAX = Duration.ofSeconds(30);
  // The plan's "8 writers over 32 tables".
  public static final int SPREAD_TABLES = 32;

  static final String USAGE =
      "Usage: java -jar firn-bench.jar [--quick] [--snapshots N] [--repetitions R] [--seconds S]";

  public BenchSettings {
    if (snapshots < 1 || snapshots > 100_000) {
      throw new IllegalArgumentException(
          "Invalid snapshots: " + snapshots + " (must be 1..100000)");
    }
    if (repetitions < 1 || repetitions > 50) {
      throw new IllegalArgumentException(
          "Invalid repetitions: " + repetitions + " (must be 1..50)");
    }
    checkWindow(window);
    checkWindow(commitWindow);
    if (spreadTables < 0) {
      throw new IllegalArgumentException(
          "Invalid spread tables: " + spreadTables + " (must be >= 0)");
    }
    loadThreads = List.copyOf(loadThreads);
    writers = List.copyOf(writers);
  }

  private static void checkWindow(Duration window) {
    if (window.isNegative() || window.isZero() || window.compareTo(WINDOW_MAX) > 0) {
      throw new IllegalArgumentException(
          "Invalid window: " + window + " (must be more than 0 and at most " + WINDOW_MAX + ")");
    }
  }

  /** Settings without a commit scenario over several tables, commits in the same window. */
  public BenchSettings(
      boolean quick,
      int snapshots,
      int repetitions,
      Duration window,
      int maxRequests,
      int maxCommits,
      List<Integer> loadThreads,
      List<Integer> writers) {
    this(
        quick,
        snapshots,
        repetitions,
        window,
        maxRequests,
        maxCommits,
        loadThreads,
        writers,
        0,
        window);
  }

  /** A window as the reports state it: "3 s", or "500 ms" below a second. */
  public static String describe(Duration window) {
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

  static BenchSettings parse(String... args) {
    boolean quick = List.of(args).contains("--quick");
    int snapshots = quick ? SNAPSHOTS_QUICK : SNAPSHOTS_DEFAULT;
    int repetitions = quick ? REPETITIONS_QUICK : REPETITIONS_DEFAULT;
    Duration window = quick ? WINDOW_QUICK : WINDOW_DEFAULT;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--quick")) {
        continue;
      }
      String[] option = arg.split("=", 2);
      String value = option.length == 2 ? option[1] : (i + 1 < args.length ? args[++i] : null);
      switch (option[0]) {
        case "--snapshots" -> snapshots = number(option[0], value);
        case "--repetitions" -> repetitions = number(option[0], value);
        case "--seconds" -> window = Duration.ofSeconds(number(option[0], value));
        default -> throw new IllegalArgumentException("Unknown option: " + arg + "\n" + USAGE);
      }
    }
    return new BenchSettings(
        quick,
        snapshots,
        repetitions,
        window,
        MAX_REQUESTS,
        MAX_COMMITS,
        List.of(1, 8),
        List.of(1, 8),
        SPREAD_TABLES,
        window);
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + option + ": " + value + " (not a number)");
    }
  }
}
