package dev.firn.bench.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One run of a benchmark harness: a record of its settings and its {@link HarnessRun}, whose {@link
 * #report} runs it. Each harness's {@code main} makes one through {@link #main}; the suite makes
 * one per harness with settings of its own.
 */
public interface Harness {
  /** What it runs with: its folder, clock, builds and progress. */
  HarnessRun run();

  /** Runs the harness and returns its report. */
  Report report() throws IOException, InterruptedException;

  /** Where the run keeps its logs, for main's last line. */
  default Path logs() {
    return run().folder().resolve("logs");
  }

  /** What main shows of a harness's report. */
  interface Report {
    /** The text main prints, or null when the run has shown its results itself. */
    String render();

    /** The file in the build folder that main writes the text to, or null to print it only. */
    default String file() {
      return null;
    }
  }

  /**
   * What every harness's {@code main} does: its own logging, {@code --help}, the settings read from
   * the command line by {@code parse} and the builds they need found before anything starts (exit
   * status 2 when either is wrong), then the harness made by {@code harness} run under {@code
   * name-run} in the build folder, and its report printed and written.
   */
  static <S extends HarnessSettings> void main(
      String[] args,
      String name,
      Function<String[], S> parse,
      BiFunction<S, HarnessRun, ? extends Harness> harness)
      throws Exception {
    // The test-support library on the classpath ships a logback-test.xml, which logback would
    // otherwise prefer; a configuration given on the command line stays.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback.xml");
    }
    S settings;
    try {
      settings = orExit(() -> parse.apply(args));
    } catch (CommandLines.HelpAsked help) {
      System.out.println(help.getMessage());
      return;
    }
    Path build = BenchFolders.buildDirectory();
    // Missing builds stop the run before it starts rather than half-way through.
    SparkModule spark =
        settings.runsSpark() ? orExit(() -> SparkModule.find(settings.sparkModule())) : null;
    ReferenceClasspath reference =
        settings.runsReference() ? orExit(() -> ReferenceClasspath.read(build)) : null;
    Harness run =
        harness.apply(
            settings, HarnessRun.start(build.resolve(name + "-run"), spark, reference, System.err));
    Report report = run.report();
    if (report.file() != null) {
      Path file = build.resolve(report.file());
      Files.writeString(file, report.render(), StandardCharsets.UTF_8);
      System.out.println(report.render());
      System.err.println("Report written to " + file + "; logs in " + run.logs());
    } else if (report.render() != null) {
      System.out.println(report.render());
    }
  }

  /**
   * What {@code step} returns, or exits with status 2 when it finds the command or a build wrong.
   */
  private static <T> T orExit(Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw new IllegalStateException("exit returned", e);
    }
  }
}
