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

  /** What a harness's settings tell its start-up: the builds its run needs before it starts. */
  interface Settings {
    /** The Spark engine's module folder, or null for the one in this repository. */
    default Path sparkModule() {
      return null;
    }

    /** Whether the run needs the Spark engine. */
    default boolean runsSpark() {
      return true;
    }

    /** Whether the run needs Iceberg's reference REST server. */
    default boolean runsReference() {
      return false;
    }
  }

  /** What main shows of a harness's report. */
  interface Report {
    /** The text main prints; none (null) when the run has shown its results itself. */
    default String render() {
      return null;
    }

    /** The file in the build folder that main writes the text to, or null to print it only. */
    default String file() {
      return null;
    }
  }

  /**
   * What every harness's {@code main} does: its own logging, {@code --help}, the settings read from
   * the command line by {@code parse} and the builds they need found before anything starts (exit
   * status 2 when either is wrong), then the harness {@code make} makes run under {@code name-run}
   * in the build folder, and its report printed and written.
   */
  static <S extends Settings> void main(
      String[] args,
      String name,
      Function<String[], S> parse,
      BiFunction<S, HarnessRun, ? extends Harness> make)
      throws Exception {
    // The test-support library on the classpath ships a logback-test.xml, which logback would
    // otherwise prefer; a configuration given on the command line stays.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback.xml");
    }
    S settings = orExit(() -> parse.apply(args));
    Path build = BenchFolders.buildDirectory();
    // Missing builds stop the run before it starts rather than half-way through.
    SparkModule spark =
        settings.runsSpark() ? orExit(() -> SparkModule.find(settings.sparkModule())) : null;
    ReferenceClasspath reference =
        settings.runsReference() ? orExit(() -> ReferenceClasspath.read(build)) : null;
    Harness harness =
        make.apply(
            settings, HarnessRun.start(build.resolve(name + "-run"), spark, reference, System.err));
    Report report = harness.report();
    String text = report.render();
    if (report.file() != null) {
      Path file = build.resolve(report.file());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      System.out.println(text);
      System.err.println("Report written to " + file + "; logs in " + harness.logs());
    } else if (text != null) {
      System.out.println(text);
    }
  }

  /**
   * What {@code step} returns, or exits: with the usage when it is asked for, with status 2 when
   * {@code step} finds the command or a build wrong.
   */
  private static <T> T orExit(Supplier<T> step) {
    try {
      return step.get();
    } catch (CommandLines.HelpAsked help) {
      System.out.println(help.getMessage());
      System.exit(0);
      throw new IllegalStateException("exit returned", help);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw new IllegalStateException("exit returned", e);
    }
  }
}
