package dev.firn.bench.core;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every harness that runs Spark takes. */
public final class HarnessOptions {
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
  public int repetitions(int quickDefault, int fullDefault) {
    return or(repetitions, quickDefault, fullDefault);
  }

  /** {@code given} when the command line gives it, or the harness's default for the mode. */
  public int or(Integer given, int quickDefault, int fullDefault) {
    return given != null ? given : quick ? quickDefault : fullDefault;
  }
}
