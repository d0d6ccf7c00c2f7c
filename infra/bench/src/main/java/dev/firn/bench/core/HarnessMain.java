package dev.firn.bench.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every harness's {@code main} does around its run: its own logging, {@code --help}, the
 * command line and the builds it needs checked before anything starts (exit status 2 when they are
 * wrong), and the Markdown report written next to the jar and printed.
 */
public final class HarnessMain {
  private HarnessMain() {}

  /**
   * The harness's settings, or empty after printing the usage of {@code options} for {@code
   * --help}.
   */
  public static <S> Optional<S> settings(
      String[] args, Object options, Function<String[], S> parse) {
    HarnessLogging.useOwnConfiguration();
    if (List.of(args).contains("--help")) {
      System.out.println(CommandLines.usage(options));
      return Optional.empty();
    }
    return Optional.of(orExit(() -> parse.apply(args)));
  }

  /**
   * What {@code step} returns, or exits with status 2 when it finds the command or a build wrong.
   */
  public static <T> T orExit(Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw new IllegalStateException("exit returned", e);
    }
  }

  /** Writes {@code report} to {@code file} in the build folder and prints it. */
  public static void report(String report, String file, Path run) throws IOException {
    Path reportFile = BenchFolders.buildDirectory().resolve(file);
    Files.writeString(reportFile, report, StandardCharsets.UTF_8);
    System.out.println(report);
    System.err.println("Report written to " + reportFile + "; logs in " + run.resolve("logs"));
  }
}
