package dev.firn.bench.compaction;

import dev.firn.bench.core.OptionValues;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one compaction benchmark run does.
 *
 * @param quick whether these are the short settings of {@code --quick}
 * @param files the small data files the generated table holds
 * @param sizeMegabytes about how large they are together, in MB (2^20 bytes)
 * @param repetitions measured compactions per engine
 * @param warmUp whether each engine first compacts once without being measured
 * @param targetMegabytes the target file size both engines compact towards, in MB
 * @param sparkModule the Spark engine's module folder, or null for the one in this repository
 */
public record CompactionSettings(
    boolean quick,
    int files,
    int sizeMegabytes,
    int repetitions,
    boolean warmUp,
    int targetMegabytes,
    Path sparkModule) {
  static final int FILES_DEFAULT = 200;
  static final int FILES_QUICK = 40;
  static final int SIZE_DEFAULT = 180;
  static final int SIZE_QUICK = 16;
  static final int REPETITIONS_DEFAULT = 3;
  static final int REPETITIONS_QUICK = 1;
  public static final int PARTITIONS = 4;
  // About this many output files per partition when no target size is given.
  public static final int OUTPUT_FILES_PER_PARTITION = 3;
  static final int MIN_INPUT_FILES = 5;
  // Firn rewrites this many file groups at once; Spark runs local[2]: two tasks at once.
  public static final int ENGINE_THREADS = 2;
  static final String HEAP_LIMIT = "2g";
  static final long SEED = 20_260_315L;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

  static final String USAGE =
      "Usage: java -cp firn-bench.jar dev.firn.bench.compaction.CompactionBenchmark [--quick] [--files N]"
          + " [--size-mb M] [--repetitions R] [--warm-up] [--target-mb T] [--spark-module DIR]";

  public CompactionSettings {
    check(
        files >= PARTITIONS * MIN_INPUT_FILES && files <= 100_000,
        "Invalid files: " + files + " (must be " + PARTITIONS * MIN_INPUT_FILES + "..100000)");
    check(
        sizeMegabytes >= 1 && sizeMegabytes <= 65_536,
        "Invalid size: " + sizeMegabytes + " MB (must be 1..65536)");
    check(
        repetitions >= 1 && repetitions <= 20,
        "Invalid repetitions: " + repetitions + " (must be 1..20)");
    check(
        targetMegabytes >= 1 && targetMegabytes <= 65_536,
        "Invalid target size: " + targetMegabytes + " MB (must be 1..65536)");
  }

  static CompactionSettings parse(String... args) {
    boolean quick = false;
    boolean warmUp = false;
    Integer files = null;
    Integer size = null;
    Integer repetitions = null;
    Integer target = null;
    Path sparkModule = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--files" -> files = OptionValues.whole(args, ++i, USAGE);
        case "--size-mb" -> size = OptionValues.whole(args, ++i, USAGE);
        case "--repetitions" -> repetitions = OptionValues.whole(args, ++i, USAGE);
        case "--warm-up" -> warmUp = true;
        case "--target-mb" -> target = OptionValues.whole(args, ++i, USAGE);
        case "--spark-module" -> sparkModule = Path.of(OptionValues.text(args, ++i, USAGE));
        default -> throw new IllegalArgumentException("Unknown option: " + args[i] + "\n" + USAGE);
      }
    }
    int sizeMegabytes = size != null ? size : quick ? SIZE_QUICK : SIZE_DEFAULT;
    return new CompactionSettings(
        quick,
        files != null ? files : quick ? FILES_QUICK : FILES_DEFAULT,
        sizeMegabytes,
        repetitions != null ? repetitions : quick ? REPETITIONS_QUICK : REPETITIONS_DEFAULT,
        warmUp,
        target != null
            ? target
            : Math.max(1, sizeMegabytes / (PARTITIONS * OUTPUT_FILES_PER_PARTITION)),
        sparkModule);
  }

  long sizeBytes() {
    return (long) sizeMegabytes << 20;
  }

  long targetFileSize() {
    return (long) targetMegabytes << 20;
  }

  private static void check(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }
}
