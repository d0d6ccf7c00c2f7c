package dev.firn.bench.expiry;

import dev.firn.bench.core.CommandLines;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.HarnessOptions;
import dev.firn.bench.core.SettingChecks;
import dev.firn.bench.core.Sized;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
    Path sparkModule)
    implements Harness.Settings {
  // The plan asks for 10,000 snapshots and 100,000 files. Listing on the embedded S3 store slows
  // with the number of objects under a prefix (each page walks the folder again), and on a loaded
  // two-core machine each commit of the generator and each Spark job take tens of milliseconds to
  // minutes, so that table takes far longer than the scenario's few minutes.
  public static final Sized<Integer> SNAPSHOTS = new Sized<>(500, 100);
  public static final Sized<Integer> FILES = new Sized<>(5_000, 1_000);
  public static final Sized<Integer> ORPHANS = new Sized<>(50, 10);
  static final int REPETITIONS = 5;
  static final int PLAN_SNAPSHOTS = 10_000;
  static final int PLAN_FILES = 100_000;
  // Each overwrite replaces the batch this many snapshots older: the live table stays small and
  // every expired snapshot leaves data files behind that only it reached.
  static final int LIVE_BATCHES = 20;
  // Expiry removes this share of the snapshots, the oldest.
  static final double EXPIRED_SHARE = 0.9;
  static final int RETAIN_LAST = 1;
  static final String HEAP_LIMIT = "1g";
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  @Command(name = "ExpiryBenchmark", mixinStandardHelpOptions = true)
  static final class Options {
    @Mixin HarnessOptions harness = new HarnessOptions();
    @Mixin HarnessOptions.WarmUp warmUp = new HarnessOptions.WarmUp();

    @Option(names = "--files", paramLabel = "M", description = "a multiple of the snapshots")
    Integer files;

    @Option(names = "--orphans", paramLabel = "K")
    Integer orphans;

    @Option(names = "--snapshots", paramLabel = "N")
    Integer snapshots;
  }

  public ExpirySettings {
    SettingChecks.within("snapshots", snapshots, 2 * LIVE_BATCHES, 100_000);
    SettingChecks.check(
        dataFiles >= snapshots && dataFiles <= 1_000_000 && dataFiles % snapshots == 0,
        "Invalid files: "
            + dataFiles
            + " (must be a multiple of the "
            + snapshots
            + " snapshots, at most 1000000)");
    SettingChecks.within("orphans", orphans, 1, 100_000);
    SettingChecks.within("repetitions", repetitions, 1, 20);
  }

  /** The settings a command line asks for. */
  ExpirySettings(Options options) {
    this(
        options.harness.quick,
        options.harness.or(options.snapshots, SNAPSHOTS),
        options.harness.or(options.files, FILES),
        options.harness.or(options.orphans, ORPHANS),
        options.harness.repetitions(REPETITIONS),
        options.warmUp.asked,
        options.harness.sparkModule);
  }

  static ExpirySettings parse(String... args) {
    return new ExpirySettings(CommandLines.parse(new Options(), args));
  }

  int filesPerSnapshot() {
    return dataFiles / snapshots;
  }

  /** How many of the oldest snapshots expiry removes. */
  int expiringSnapshots() {
    return (int) Math.floor(snapshots * EXPIRED_SHARE);
  }

  /** Whether the table is smaller than the plan's. */
  boolean reduced() {
    return snapshots < PLAN_SNAPSHOTS || dataFiles < PLAN_FILES;
  }
}
