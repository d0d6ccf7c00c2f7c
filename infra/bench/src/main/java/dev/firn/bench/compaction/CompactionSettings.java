package dev.firn.bench.compaction;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.CommandLines;
import dev.firn.bench.core.HarnessMain;
import dev.firn.bench.core.HarnessOptions;
import dev.firn.bench.core.SettingChecks;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
    Path sparkModule)
    implements HarnessMain.SparkSettings {
  static final int FILES_DEFAULT = 200;
  static final int FILES_QUICK = 40;
  static final int SIZE_DEFAULT = 180;
  static final int SIZE_QUICK = 16;
  static final int REPETITIONS_DEFAULT = 3;
  public static final int PARTITIONS = 4;
  // About this many output files per partition when no target size is given.
  public static final int OUTPUT_FILES_PER_PARTITION = 3;
  static final int MIN_INPUT_FILES = 5;
  // Firn rewrites this many file groups at once; Spark runs local[2]: two tasks at once.
  static final int ENGINE_THREADS = ChildJvms.SPARK_THREADS;
  static final String HEAP_LIMIT = "2g";
  static final long SEED = 20_260_315L;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

  @Command(name = "CompactionBenchmark", mixinStandardHelpOptions = true)
  static final class Options {
    @Mixin HarnessOptions harness = new HarnessOptions();

    @Option(names = "--files", paramLabel = "N")
    Integer files;

    @Option(names = "--size-mb", paramLabel = "M", description = "about the table's total size")
    Integer size;

    @Option(names = "--warm-up")
    boolean warmUp;

    @Option(names = "--target-mb", paramLabel = "T", description = "target file size")
    Integer target;
  }

  public CompactionSettings {
    SettingChecks.within("files", files, PARTITIONS * MIN_INPUT_FILES, 100_000);
    SettingChecks.within("size", sizeMegabytes, "MB", 1, 65_536);
    SettingChecks.within("repetitions", repetitions, 1, 20);
    SettingChecks.within("target size", targetMegabytes, "MB", 1, 65_536);
  }

  static CompactionSettings parse(String... args) {
    Options options = CommandLines.parse(new Options(), args);
    HarnessOptions harness = options.harness;
    Integer target = options.target;
    int sizeMegabytes = harness.or(options.size, SIZE_QUICK, SIZE_DEFAULT);
    return new CompactionSettings(
        harness.quick,
        harness.or(options.files, FILES_QUICK, FILES_DEFAULT),
        sizeMegabytes,
        harness.repetitions(REPETITIONS_DEFAULT),
        options.warmUp,
        target != null
            ? target
            : Math.max(1, sizeMegabytes / (PARTITIONS * OUTPUT_FILES_PER_PARTITION)),
        harness.sparkModule);
  }

  long sizeBytes() {
    return (long) sizeMegabytes << 20;
  }

  long targetFileSize() {
    return (long) targetMegabytes << 20;
  }
}
