package dev.firn.bench.core;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every harness that runs Spark takes, declared as {@code --help} lists them; {@link
 * WarmUp} is the option of those whose warm-up is optional.
 */
public final class HarnessOptions {
  /** The measured repetitions of {@code --quick}, in every harness. */
  public static final int REPETITIONS_QUICK = 1;

  @Option(names = "--quick", description = "the short settings")
  public boolean quick;

  @Option(
      names = "--spark-module",
      paramLabel = "DIR",
      description = "another build of the Spark engine")
  public Path sparkModule;

  @Option(names = "--repetitions", paramLabel = "R", description = "measured repetitions")
  public Integer repetitions;

  /** The repetitions asked for, or the harness's default for the mode. */
  public int repetitions(int fullDefault) {
    return or(repetitions, new Sized<>(fullDefault, REPETITIONS_QUICK));
  }

  /** {@code given} when the command line gives it, or the harness's default for the mode. */
  public <T> T or(T given, Sized<T> sized) {
    return sized.or(given, quick);
  }

  /** {@code --warm-up}: a first, unmeasured repetition, off unless asked for. */
  public static final class WarmUp {
    @Option(names = "--warm-up")
    public boolean asked;
  }
}
