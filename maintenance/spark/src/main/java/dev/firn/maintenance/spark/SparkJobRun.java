package dev.firn.maintenance.spark;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.engine.SparkResultLine;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Runs one maintenance job on one table through the Spark engine and prints its whole result as one
 * line of JSON ({@link SparkResultLine}). {@code firn serve} launches it in a child JVM for tables
 * too large for its own jobs, since Spark and Firn's server do not share a JVM. The child runs on
 * this module's classpath ({@code target/classpath.txt}, written at package time, plus this
 * module's jar) with the {@code --add-opens} options Spark needs on Java 17 ({@code
 * spark.java.options} in this module's pom):
 *
 * <pre>
 * java --add-opens=... -cp "$(cat target/classpath.txt):target/firn-maintenance-spark.jar" \
 *   dev.firn.maintenance.spark.SparkJobRun --catalog-uri http://127.0.0.1:8181 \
 *   --table raw.events --job compaction --dry-run
 * </pre>
 *
 * Options: {@code --catalog-uri}, {@code --table} and {@code --job} (compaction, expiry, orphans or
 * manifests) are required; {@code --warehouse} (default {@code firn}), {@code --master} (default
 * {@code local[*]}), {@code --conf key=value} (repeatable; {@code spark.*} keys configure Spark,
 * others the Iceberg catalog), {@code --dry-run}, and {@code --exit-when-stdin-closes}, with which
 * the job stops when the launching process goes away. Storage settings come from the catalog's
 * {@code /v1/config}. Exit status 0 when the job succeeded, 1 when it failed (the line says why), 2
 * for bad arguments (no line).
 */
public final class SparkJobRun {
  static final String EXIT_WHEN_STDIN_CLOSES = "--exit-when-stdin-closes";

  private static final String USAGE =
      "Usage: SparkJobRun --catalog-uri URI --table NAMESPACE.NAME --job KIND [--dry-run]"
          + " [--warehouse NAME] [--master URL] [--conf key=value]... ["
          + EXIT_WHEN_STDIN_CLOSES
          + "]";

  private SparkJobRun() {}

  public static void main(String[] args) {
    Arguments arguments = parseOrExit(args, Arguments::parse);
    if (arguments.exitWhenStdinCloses()) {
      exitWhenStdinCloses();
    }
    SparkResultLine line =
        execute(
            arguments.config(),
            engine -> engine.run(arguments.kind(), arguments.table(), arguments.dryRun()),
            e ->
                new JobReport(
                        arguments.table().toString(),
                        arguments.kind(),
                        arguments.dryRun(),
                        Clock.systemUTC())
                    .failed(e));
    printAndExit(line.render(), line.result());
  }

  /**
   * Starts the engine, runs a job on it and stops it again.
   *
   * @param failed the result when Spark does not start
   */
  static SparkResultLine execute(
      SparkEngineConfig config,
      Function<SparkEngine, JobResult> job,
      Function<RuntimeException, JobResult> failed) {
    long starting = System.nanoTime();
    SparkEngine engine;
    try {
      engine = SparkEngine.start(config);
    } catch (RuntimeException e) {
      // The caller still gets its one line, with the reason.
      return new SparkResultLine(failed.apply(e), millisSince(starting));
    }
    long startupMillis = millisSince(starting);
    JobResult result;
    try {
      engine.spark().sparkContext().setLogLevel("WARN");
      result = job.apply(engine);
    } catch (RuntimeException e) {
      result = failed.apply(e);
    } finally {
      try {
        engine.close();
      } catch (RuntimeException e) {
        // The job is over: its result stands even if Spark does not stop cleanly.
        System.err.println("Stopping Spark failed: " + e);
      }
    }
    return new SparkResultLine(result, startupMillis);
  }

  /**
   * Prints the line and exits with 0 when the job succeeded, 1 when not. Spark has stopped by now,
   * and the line goes out in one write, so that no log line of another thread lands inside it where
   * both streams share a file.
   */
  static void printAndExit(String line, JobResult result) {
    printAndExit(line, result.succeeded());
  }

  /**
   * Reads an entry point's command line, or prints why it cannot and exits with status 2, as every
   * entry point of the Spark engine does for bad arguments.
   */
  static <T> T parseOrExit(String[] args, Function<String[], T> parse) {
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw new IllegalStateException("exit returned", e);
    }
  }

  /** Prints the line in one write and exits with 0 when {@code succeeded}, 1 when not. */
  static void printAndExit(String line, boolean succeeded) {
    System.out.flush();
    System.err.flush();
    try {
      // Not closed: that would close the process's standard output.
      @SuppressWarnings("resource")
      FileOutputStream out = new FileOutputStream(FileDescriptor.out);
      out.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      System.err.println("Cannot print the result line: " + e);
      System.exit(1);
    }
    System.exit(succeeded ? 0 : 1);
  }

  /** Stops this process when its standard input closes: the process that launched it is gone. */
  private static void exitWhenStdinCloses() {
    Thread watch =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // Nothing is sent; reading only waits for the end.
                }
              } catch (IOException e) {
                // A broken pipe also means the launcher is gone.
              }
              System.err.println("The launching process went away: stopping the job");
              System.exit(3);
            },
            "firn-launcher-watch");
    watch.setDaemon(true);
    watch.start();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** The command line, read. */
  record Arguments(
      SparkEngineConfig config,
      TableIdentifier table,
      JobKind kind,
      boolean dryRun,
      boolean exitWhenStdinCloses) {

    static Arguments parse(String[] args) {
      RunOptions options =
          RunOptions.parse(
              args, Set.of("--table", "--job"), Set.of("--dry-run", EXIT_WHEN_STDIN_CLOSES));
      if (!options.has("--catalog-uri", "--table", "--job")) {
        throw new IllegalArgumentException(USAGE);
      }
      return new Arguments(
          options.engineConfig(),
          TableIdentifier.parse(options.value("--table")),
          JobKind.of(options.value("--job")),
          options.flags().contains("--dry-run"),
          options.flags().contains(EXIT_WHEN_STDIN_CLOSES));
    }
  }
}
