package dev.firn.bench.expiry;

import dev.firn.bench.core.OptionValues;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of the expiry and orphan benchmark does.
 *
 * @param quick whether these are the short settings of {@code --quick}
 * @param snapshots the snapshots of the generated table, one append or overwrite each
 * @param dataFiles the data files all snapshots together add, the same number each
 * @param orphans the files planted under the table's location that no snapshot references
 * @param repetitions measured runs per engine and job
 * @param warmUp whether each engine first runs each job once without being measured
 * @param sparkModule the Spark engine's module folder, or null for the one in this repository
 */
public record ExpirySettings(
    boolean quick,
    int snapshots,
    int dataFiles,
    int orphans,
    int repetitions,
    boolean warmUp,
    Path sparkModule) {
  // The plan asks for 10,000 snapshots and 100,000 files. Listing on the embedded S3 store slows
  // with the number of objects under a prefix (each page walks the folder again), and on a loaded
  // two-core machine each commit of the generator and each Spark job take tens of milliseconds to
  // minutes, so that table takes far longer than the scenario's few minutes.
  public static final int SNAPSHOTS_DEFAULT = 500;
  public static final int FILES_DEFAULT = 5_000;
  public static final int ORPHANS_DEFAULT = 50;
  public static final int SNAPSHOTS_QUICK = 100;
  public static final int FILES_QUICK = 1_000;
  public static final int ORPHANS_QUICK = 10;
  static final int REPETITIONS_DEFAULT = 5;
  static final int REPETITIONS_QUICK = 1;
  public static final int PLAN_SNAPSHOTS = 10_000;
  public static final int PLAN_FILES = 100_000;
  // Each overwrite replaces the batch this many snapshots older: the live table stays small and
  // every expired snapshot leaves data files behind that only it reached.
  public static final int LIVE_BATCHES = 20;
  // Expiry removes this share of the snapshots, the oldest.
  static final double EXPIRED_SHARE = 0.9;
  static final int RETAIN_LAST = 1;
  static final String HEAP_LIMIT = "1g";
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  static final String USAGE =
      "Usage: java -cp firn-bench.jar dev.firn.bench.expiry.ExpiryBenchmark [--quick] [--snapshots N]"
          + " [--files M] [--orphans K] [--repetitions R] [--warm-up] [--spark-module DIR]";

  public ExpirySettings {
    check(
        snapshots >= 2 * LIVE_BATCHES && snapshots <= 100_000,
        "Invalid snapshots: " + snapshots + " (must be " + 2 * LIVE_BATCHES + "..100000)");
    check(
        dataFiles >= snapshots && dataFiles <= 1_000_000 && dataFiles % snapshots == 0,
        "Invalid files: "
            + dataFiles
            + " (must be a multiple of the "
            + snapshots
            + " snapshots, at most 1000000)");
    check(
        orphans >= 1 && orphans <= 100_000, "Invalid orphans: " + orphans + " (must be 1..100000)");
    check(
        repetitions >= 1 && repetitions <= 20,
        "Invalid repetitions: " + repetitions + " (must be 1..20)");
  }

  public static ExpirySettings parse(String... args) {
    boolean quick = false;
    boolean warmUp = false;
    Integer snapshots = null;
    Integer files = null;
    Integer orphans = null;
    Integer repetitions = null;
    Path sparkModule = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--snapshots" -> snapshots = OptionValues.whole(args, ++i, USAGE);
        case "--files" -> files = OptionValues.whole(args, ++i, USAGE);
        case "--orphans" -> orphans = OptionValues.whole(args, ++i, USAGE);
        case "--repetitions" -> repetitions = OptionValues.whole(args, ++i, USAGE);
        case "--warm-up" -> warmUp = true;
        case "--spark-module" -> sparkModule = Path.of(OptionValues.text(args, ++i, USAGE));
        default -> throw new IllegalArgumentException("Unknown option: " + args[i] + "\n" + USAGE);
      }
    }
    return new ExpirySettings(
        quick,
        snapshots != null ? snapshots : quick ? SNAPSHOTS_QUICK : SNAPSHOTS_DEFAULT,
        files != null ? files : quick ? FILES_QUICK : FILES_DEFAULT,
        orphans != null ? orphans : quick ? ORPHANS_QUICK : ORPHANS_DEFAULT,
        repetitions != null ? repetitions : quick ? REPETITIONS_QUICK : REPETITIONS_DEFAULT,
        warmUp,
        sparkModule);
  }

  public int filesPerSnapshot() {
    return dataFiles / snapshots;
  }

  /** How many of the oldest snapshots expiry removes. */
  int expiringSnapshots() {
    return (int) Math.floor(snapshots * EXPIRED_SHARE);
  }

  /** Whether the table is smaller than the plan's. */
  public boolean reduced() {
    return snapshots < PLAN_SNAPSHOTS || dataFiles < PLAN_FILES;
  }

  private static void check(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }
}
