package dev.firn.bench.compaction;

import dev.firn.bench.core.ChildJvms;
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
    implements Harness.Settings {
  static final Sized<Integer> FILES = new Sized<>(200, 40);
  static final Sized<Integer> SIZE = new Sized<>(180, 16);
  static final int REPETITIONS = 3;
  static final int PARTITIONS = 4;
  // About this many output files per partition when no target size is given.
  static final int OUTPUT_FILES_PER_PARTITION = 3;
  static final int MIN_INPUT_FILES = 5;
  // Firn rewrites this many file groups at once; Spark runs local[2]: two tasks at once.
  static final int ENGINE_THREADS = ChildJvms.SPARK_THREADS;
  static final String HEAP_LIMIT = "2g";
  static final long SEED = 20_260_315L;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

  @Command(name = "CompactionBenchmark", mixinStandardHelpOptions = true)
  static final class Options {
    @Mixin HarnessOptions harness = new HarnessOptions();
    @Mixin HarnessOptions.WarmUp warmUp = new HarnessOptions.WarmUp();

    @Option(names = "--files", paramLabel = "N")
    Integer files;

    @Option(names = "--size-mb", paramLabel = "M", description = "about the table's total size")
    Integer size;

    @Option(names = "--target-mb", paramLabel = "T", description = "target file size")
    Integer target;
  }

  public CompactionSettings {
    SettingChecks.within("files", files, PARTITIONS * MIN_INPUT_FILES, 100_000);
    SettingChecks.within("size", sizeMegabytes, "MB", 1, 65_536);
    SettingChecks.within("repetitions", repetitions, 1, 20);
    SettingChecks.within("target size", targetMegabytes, "MB", 1, 65_536);
  }

  /** The settings a command line asks for. */
  CompactionSettings(Options options) {
    this(
        options.harness.quick,
        options.harness.or(options.files, FILES),
        options.harness.or(options.size, SIZE),
        options.harness.repetitions(REPETITIONS),
        options.warmUp.asked,
        options.target != null
            ? options.target
            : targetMegabytes(options.harness.or(options.size, SIZE)),
        options.harness.sparkModule);
  }

  static CompactionSettings parse(String... args) {
    return new CompactionSettings(CommandLines.parse(new Options(), args));
  }

  /** The target file size for a table of {@code sizeMegabytes} when none is given, in MB. */
  public static int targetMegabytes(int sizeMegabytes) {
    return Math.max(1, sizeMegabytes / (PARTITIONS * OUTPUT_FILES_PER_PARTITION));
  }

  long sizeBytes() {
    return (long) sizeMegabytes << 20;
  }

  long targetFileSize() {
    return (long) targetMegabytes << 20;
  }
}
