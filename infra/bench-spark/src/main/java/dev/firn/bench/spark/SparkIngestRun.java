package dev.firn.bench.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Loads files into a fresh Iceberg table with Spark, as a Spark user would ingest them, and prints
 * one flat line of JSON: rows and bytes, how long the load and SparkSession's start took, and how
 * many cores the load could use. The ingestion benchmark compares Firn's writer with it.
 *
 * <p>The table is created with the schema in {@code --schema-file} (Iceberg's schema JSON); NDJSON
 * is read with that schema given explicitly ({@code spark.read.json}), Parquet with {@code
 * spark.read.parquet}; both are appended with {@code writeTo(table).append()}, Spark's {@code
 * INSERT INTO}. Exit status 0 when the load succeeded, 1 when it failed (the line says why), 2 for
 * bad arguments.
 */
@Command(name = "SparkIngestRun", mixinStandardHelpOptions = true)
public final class SparkIngestRun implements Callable<Integer> {
  enum Format {
    NDJSON,
    PARQUET
  }

  @Mixin EngineOptions engine = new EngineOptions();

  @Option(names = "--table", required = true)
  String table;

  @Option(names = "--format", required = true, description = "ndjson or parquet")
  Format format;

  @Option(names = "--schema-file", required = true)
  Path schemaFile;

  @Option(names = "--inputs", required = true, split = ",", description = "PATH[,PATH...]")
  List<Path> inputs = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(command().execute(args));
  }

  static CommandLine command() {
    return new CommandLine(new SparkIngestRun()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("engine", "spark");
    line.put("job", "ingest");
    line.put("table", table);
    boolean succeeded = false;
    try (StartedEngine started = StartedEngine.start(engine.config())) {
      line.put("startup_ms", started.startupMillis());
      line.putAll(load(started.engine().spark()));
      succeeded = true;
    } catch (RuntimeException | IOException e) {
      line.put("error", e.toString());
    }
    line.put("peak_rss_kb", peakRssKilobytes());
    line.put("succeeded", succeeded);
    line.putIfAbsent("error", null);
    ResultLines.printAndExit(List.of(line), succeeded);
    return succeeded ? 0 : 1;
  }

  /** Creates the table, appends the inputs to it and returns the line's counts and timings. */
  private Map<String, Object> load(SparkSession spark) throws IOException {
    Schema schema = SchemaParser.fromJson(Files.readString(schemaFile, StandardCharsets.UTF_8));
    TableIdentifier id = TableIdentifier.parse(table);
    String catalogName = engine.config().catalogName();
    long start = System.nanoTime();
    Catalog catalog = Spark3Util.loadIcebergCatalog(spark, catalogName);
    catalog.createTable(id, schema);
    StructType sparkSchema = SparkSchemaUtil.convert(schema);
    String[] paths = inputs.stream().map(Path::toString).toArray(String[]::new);
    Dataset<Row> input =
        format == Format.PARQUET
            ? spark.read().parquet(paths)
            : spark.read().schema(sparkSchema).json(paths);
    // The table's column order, whatever the files' order is.
    Column[] columns =
        Arrays.stream(sparkSchema.fieldNames()).map(functions::col).toArray(Column[]::new);
    Dataset<Row> rows = input.select(columns);
    int partitions = rows.rdd().getNumPartitions();
    try {
      rows.writeTo(catalogName + "." + id).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Table vanished before the append: " + id, e);
    }
    long loadMillis = ResultLines.millisSince(start);
    Map<String, Object> fields = counts(catalog.loadTable(id).currentSnapshot());
    fields.put("load_ms", loadMillis);
    fields.put("tasks", partitions);
    // Spark runs at most one task per core it was given, and no more tasks than partitions.
    fields.put("cores", Math.min(partitions, spark.sparkContext().defaultParallelism()));
    return fields;
  }

  /** What the append added, from the table's snapshot summary, and the bytes read. */
  private Map<String, Object> counts(Snapshot snapshot) throws IOException {
    Map<String, String> summary = snapshot == null ? Map.of() : snapshot.summary();
    long bytesRead = 0;
    for (Path path : inputs) {
      bytesRead += Files.size(path);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rows", Long.parseLong(summary.getOrDefault("added-records", "0")));
    fields.put("bytes_read", bytesRead);
    fields.put("data_files", Long.parseLong(summary.getOrDefault("added-data-files", "0")));
    fields.put("bytes_written", Long.parseLong(summary.getOrDefault("added-files-size", "0")));
    return fields;
  }

  /** This process's peak resident set so far, from {@code /proc/self/status}, or -1. */
  private static long peakRssKilobytes() {
    try {
      for (String status : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (status.startsWith("VmHWM:")) {
          return Long.parseLong(status.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
