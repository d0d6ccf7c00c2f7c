package dev.firn.bench.ingest;

import dev.firn.bench.core.CommandLines;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.HarnessOptions;
import dev.firn.bench.core.SettingChecks;
import dev.firn.bench.core.Sized;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What one ingestion benchmark run does.
 *
 * @param quick whether these are the short settings of {@code --quick}
 * @param sizeMegabytes the input size per format, in MB (2^20 bytes)
 * @param repetitions measured loads per loader and format
 * @param warmUp whether each loader first loads a small slice per format, not measured
 * @param loadTimeout the longest one load may take before it is recorded as failed
 * @param loaders the loaders, Firn's writer first; see {@link Loader#reference(List)}
 * @param sparkModule the Spark engine's module folder, or null for the one in this repository
 */
public record IngestSettings(
    boolean quick,
    int sizeMegabytes,
    int repetitions,
    boolean warmUp,
    Duration loadTimeout,
    List<Loader> loaders,
    Path sparkModule)
    implements Harness.Settings {
  static final Sized<Integer> SIZE = new Sized<>(1024, 128);
  static final int REPETITIONS = 3;
  static final int WARM_UP_MEGABYTES = 16;
  static final long SEED = 20_260_301L;
  public static final Duration LOAD_TIMEOUT = Duration.ofMinutes(20);
  static final String HEAP_LIMIT = "2g";
  static final List<Loader> LOADERS_DEFAULT = List.of(Loader.FIRN, Loader.SPARK);

  @Command(name = "IngestBenchmark", mixinStandardHelpOptions = true)
  static final class Options {
    @Mixin HarnessOptions harness = new HarnessOptions();

    @Option(names = "--loaders", paramLabel = "firn,spark,baseline")
    String loaders;

    @Option(names = "--size-mb", paramLabel = "N", description = "input per format")
    Integer size;
  }

  public IngestSettings {
    SettingChecks.within("size", sizeMegabytes, "MB", 1, 65_536);
    SettingChecks.within("repetitions", repetitions, 1, 20);
    loaders = List.copyOf(loaders);
    SettingChecks.check(
        loaders.size() >= 2 && loaders.get(0) == Loader.FIRN,
        "Invalid loaders: " + loaders + " (Firn first, then at least one other)");
  }

  /** The settings a command line asks for. */
  IngestSettings(Options options) {
    this(
        options.harness.quick,
        options.harness.or(options.size, SIZE),
        options.harness.repetitions(REPETITIONS),
        true,
        LOAD_TIMEOUT,
        options.loaders == null ? LOADERS_DEFAULT : Loader.parse(options.loaders),
        options.harness.sparkModule);
  }

  @Override
  public boolean runsSpark() {
    return loaders.contains(Loader.SPARK);
  }

  /** The loader Firn is compared with. */
  Loader reference() {
    return Loader.reference(loaders);
  }

  /** The loaders besides Firn and the reference, in the order the tables show them. */
  List<Loader> others() {
    return loaders.stream()
        .filter(loader -> loader != Loader.FIRN && loader != reference())
        .toList();
  }

  static IngestSettings parse(String... args) {
    return new IngestSettings(CommandLines.parse(new Options(), args));
  }

  long sizeBytes() {
    return (long) sizeMegabytes << 20;
  }
}
