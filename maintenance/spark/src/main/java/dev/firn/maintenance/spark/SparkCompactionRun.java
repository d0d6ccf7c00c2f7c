package dev.firn.maintenance.spark;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.engine.SparkResultLine;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Compacts one table through the Spark engine and prints one line of JSON: what was rewritten and
 * how long it took. It is {@link SparkJobRun} for compaction, with the compaction's own options and
 * the flat line benchmarks read. Benchmarks launch it in a child JVM on this module's classpath
 * ({@code target/classpath.txt}, written at package time, plus this module's jar) with the {@code
 * --add-opens} options Spark needs on Java 17 ({@code spark.java.options} in this module's pom):
 *
 * <pre>
 * java --add-opens=... -cp "$(cat target/classpath.txt):target/firn-maintenance-spark.jar" \
 *   dev.firn.maintenance.spark.SparkCompactionRun --catalog-uri http://127.0.0.1:8181 \
 *   --table raw.events --target-file-size 134217728
 * </pre>
 *
 * Options: {@code --catalog-uri} and {@code --table} (required), {@code --warehouse} (default
 * {@code firn}), {@code --master} (default {@code local[*]}), {@code --target-file-size} and {@code
 * --min-input-files} (default: the table's policy), {@code --conf key=value} (repeatable; {@code
 * spark.*} keys configure Spark, others the Iceberg catalog). Exit status 0 when the compaction
 * succeeded, 1 when it failed (the JSON says why), 2 for bad arguments.
 */
public final class SparkCompactionRun {
  private static final String USAGE =
      "Usage: SparkCompactionRun --catalog-uri URI --table NAMESPACE.NAME [--warehouse NAME]"
          + " [--master URL] [--target-file-size BYTES] [--min-input-files N]"
          + " [--conf key=value]...";

  private SparkCompactionRun() {}

  public static void main(String[] args) {
    Arguments arguments = SparkJobRun.parseOrExit(args, Arguments::parse);
    SparkResultLine line =
        SparkJobRun.execute(
            arguments.config(),
            engine -> compact(engine, arguments),
            e -> failed(arguments.table(), e));
    SparkJobRun.printAndExit(json(line.result(), line.startupMillis()), line.result());
  }

  static JobResult compact(SparkEngine engine, Arguments arguments) {
    TableIdentifier table = TableIdentifier.parse(arguments.table());
    SparkCompaction compaction;
    try {
      compaction = engine.compaction(table);
    } catch (RuntimeException e) {
      // The table could not be loaded or its policy resolved.
      return failed(table.toString(), e);
    }
    if (arguments.targetFileSize() != null) {
      compaction.targetFileSize(arguments.targetFileSize());
    }
    if (arguments.minInputFiles() != null) {
      compaction.minInputFiles(arguments.minInputFiles());
    }
    return compaction.commit();
  }

  private static JobResult failed(String table, RuntimeException e) {
    return new JobReport(table, JobKind.COMPACTION, false, Clock.systemUTC()).failed(e);
  }

  /** The result line: counts, durations and the error, if any. */
  static String json(JobResult result, long startupMillis) {
    return String.format(
        Locale.ROOT,
        "{\"engine\":\"spark\",\"table\":%s,\"succeeded\":%b,\"files_rewritten\":%d,"
            + "\"bytes_rewritten\":%d,\"files_added\":%d,\"bytes_added\":%d,"
            + "\"groups_committed\":%d,\"groups_failed\":%d,\"snapshots\":%d,"
            + "\"duration_ms\":%d,\"startup_ms\":%d,\"error\":%s}",
        quote(result.table()),
        result.succeeded(),
        result.count(Measure.FILES_REWRITTEN),
        result.count(Measure.BYTES_REWRITTEN),
        result.count(Measure.FILES_ADDED),
        result.count(Measure.BYTES_ADDED),
        result.count(Measure.GROUPS_COMMITTED),
        result.count(Measure.GROUPS_FAILED),
        result.snapshotIds().size(),
        result.duration().toMillis(),
        startupMillis,
        result.error() == null ? "null" : quote(result.error()));
  }

  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  /** The command line, read. */
  record Arguments(
      SparkEngineConfig config, String table, Long targetFileSize, Integer minInputFiles) {

    static Arguments parse(String[] args) {
      RunOptions options =
          RunOptions.parse(
              args, Set.of("--table", "--target-file-size", "--min-input-files"), Set.of());
      if (!options.has("--catalog-uri", "--table")) {
        throw new IllegalArgumentException(USAGE);
      }
      Long minInputFiles = options.number("--min-input-files");
      return new Arguments(
          options.engineConfig(),
          options.value("--table"),
          options.number("--target-file-size"),
          minInputFiles == null ? null : Math.toIntExact(minInputFiles));
    }
  }
}
