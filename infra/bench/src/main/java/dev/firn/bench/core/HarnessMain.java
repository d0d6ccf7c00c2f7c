package dev.firn.bench.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every harness's {@code main} does around its run: its own logging, {@code --help}, the
 * command line and the builds it needs checked before anything starts (exit status 2 when they are
 * wrong), and the Markdown report written next to the jar and printed.
 */
public final class HarnessMain {
  private HarnessMain() {}

  /** What a harness does once its command line is read. */
  public interface Run<S> {
    void run(S settings, Path buildDirectory) throws Exception;
  }

  /**
   * What a harness that runs the Spark engine does once its command line and build are found: runs
   * in {@code run} and returns its Markdown report.
   */
  public interface SparkRun<S> {
    String report(S settings, SparkModule spark, Path run) throws Exception;
  }

  /** The settings of a harness that may run the Spark engine. */
  public interface SparkSettings {
    /** The Spark engine's module folder, or null for the one in this repository. */
    Path sparkModule();

    /** Whether this run needs the Spark engine at all. */
    default boolean runsSpark() {
      return true;
    }
  }

  /**
   * Reads the command line with {@code options} and {@code parse} and runs {@code run}; prints the
   * usage instead for {@code --help}.
   */
  public static <S> void main(
      String[] args, Object options, Function<String[], S> parse, Run<S> run) throws Exception {
    // The test-support library on the classpath ships a logback-test.xml, which logback would
    // otherwise prefer; a configuration given on the command line stays.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback.xml");
    }
    if (List.of(args).contains("--help")) {
      System.out.println(CommandLines.usage(options));
      return;
    }
    S settings = orExit(() -> parse.apply(args));
    run.run(settings, BenchFolders.buildDirectory());
  }

  /**
   * As {@link #main}, with the Spark engine's build found first when the settings need it; the
   * harness called {@code name} runs under {@code name-run} in the build folder, and its report
   * goes to {@code name-benchmark.md} there.
   */
  public static <S extends SparkSettings> void withSpark(
      String[] args, String name, Object options, Function<String[], S> parse, SparkRun<S> run)
      throws Exception {
    main(
        args,
        options,
        parse,
        (settings, build) -> {
          SparkModule spark =
              settings.runsSpark()
                  ? orExit(() -> SparkModule.find(settings.sparkModule(), build))
                  : null;
          Path folder = build.resolve(name + "-run");
          report(
              run.report(settings, spark, folder), name + "-benchmark.md", folder.resolve("logs"));
        });
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
  public static void report(String report, String file, Path logs) throws IOException {
    Path reportFile = BenchFolders.buildDirectory().resolve(file);
    Files.writeString(reportFile, report, StandardCharsets.UTF_8);
    System.out.println(report);
    System.err.println("Report written to " + reportFile + "; logs in " + logs);
  }
}
