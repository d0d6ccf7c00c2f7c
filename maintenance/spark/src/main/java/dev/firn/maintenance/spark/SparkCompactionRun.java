package dev.firn.maintenance.spark;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Compacts one table through the Spark engine and prints one line of JSON: what was rewritten and
 * how long it took. Benchmarks launch it in a child JVM on this module's classpath ({@code
 * target/classpath.txt}, written at package time, plus this module's jar) with the {@code
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
  private SparkCompactionRun() {}

  public static void main(String[] args) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long starting = System.nanoTime();
    long sessionMillis = 0;
    JobResult result;
    try (SparkEngine engine = SparkEngine.start(arguments.config())) {
      engine.session().sparkContext().setLogLevel("WARN");
      sessionMillis = (System.nanoTime() - starting) / 1_000_000;
      result = compact(engine, arguments);
    } catch (RuntimeException e) {
      // Spark did not start: the benchmark still gets its one line, with the reason.
      result = failed(arguments.table(), e);
    }
    System.out.println(json(result, sessionMillis));
    System.out.flush();
    System.exit(result.succeeded() ? 0 : 1);
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
  static String json(JobResult result, long sessionMillis) {
    return String.format(
        Locale.ROOT,
        "{\"engine\":\"spark\",\"table\":%s,\"succeeded\":%b,\"files_rewritten\":%d,"
            + "\"bytes_rewritten\":%d,\"files_added\":%d,\"bytes_added\":%d,"
            + "\"groups_committed\":%d,\"groups_failed\":%d,\"snapshots\":%d,"
            + "\"duration_ms\":%d,\"session_ms\":%d,\"error\":%s}",
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
        sessionMillis,
        result.error() == null ? "null" : quote(result.error()));
  }

  private static String quote(String text) {
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

  private static final String USAGE =
      "Usage: SparkCompactionRun --catalog-uri URI --table NAMESPACE.NAME [--warehouse NAME]"
          + " [--master URL] [--target-file-size BYTES] [--min-input-files N]"
          + " [--conf key=value]...";

  /** The command line, read. */
  record Arguments(
      SparkEngineConfig config, String table, Long targetFileSize, Integer minInputFiles) {

    private static final Set<String> OPTIONS =
        Set.of(
            "--master",
            "--catalog-uri",
            "--warehouse",
            "--table",
            "--target-file-size",
            "--min-input-files",
            "--conf");

    static Arguments parse(String[] args) {
      Map<String, String> options = new HashMap<>();
      Map<String, String> conf = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        String option = args[i];
        if (!OPTIONS.contains(option)) {
          throw new IllegalArgumentException("Unknown option: " + option);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value for " + option);
        }
        if (option.equals("--conf")) {
          int equals = args[i + 1].indexOf('=');
          if (equals < 1) {
            throw new IllegalArgumentException("Invalid --conf: " + args[i + 1] + " (key=value)");
          }
          conf.put(args[i + 1].substring(0, equals), args[i + 1].substring(equals + 1));
        } else {
          options.put(option, args[i + 1]);
        }
      }
      if (!options.containsKey("--catalog-uri") || !options.containsKey("--table")) {
        throw new IllegalArgumentException(USAGE);
      }
      return new Arguments(
          config(options, conf),
          options.get("--table"),
          number(options, "--target-file-size"),
          Optional.ofNullable(number(options, "--min-input-files"))
              .map(Math::toIntExact)
              .orElse(null));
    }

    private static SparkEngineConfig config(Map<String, String> options, Map<String, String> conf) {
      SparkEngineConfig config =
          SparkEngineConfig.of(
              options.getOrDefault("--master", "local[*]"),
              URI.create(options.get("--catalog-uri")),
              options.getOrDefault("--warehouse", SparkEngineConfig.WAREHOUSE_DEFAULT));
      for (Map.Entry<String, String> entry : conf.entrySet()) {
        config =
            entry.getKey().startsWith("spark.")
                ? config.withSparkProperty(entry.getKey(), entry.getValue())
                : config.withCatalogProperty(entry.getKey(), entry.getValue());
      }
      return config;
    }

    private static Long number(Map<String, String> options, String option) {
      String value = options.get(option);
      if (value == null) {
        return null;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid " + option + ": " + value + " (a number)");
      }
    }
  }
}
