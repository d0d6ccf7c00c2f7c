package dev.firn.maintenance.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
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

/**
 * Loads files into a fresh Iceberg table with Spark, as a Spark user would ingest them, and prints
 * one flat line of JSON: rows and bytes, how long the load and SparkSession's start took, and how
 * many cores the load could use. Benchmarks compare Firn's writer with it; they launch it like
 * {@link SparkCompactionRun}, in a child JVM on this module's classpath:
 *
 * <pre>
 * java --add-opens=... -cp "$(cat target/classpath.txt):target/firn-maintenance-spark.jar" \
 *   dev.firn.maintenance.spark.SparkIngestRun --catalog-uri http://127.0.0.1:8181 \
 *   --table raw.events --format ndjson --schema-file schema.json --inputs a.json,b.json
 * </pre>
 *
 * The table is created with the schema in {@code --schema-file} (Iceberg's schema JSON); NDJSON is
 * read with that schema given explicitly ({@code spark.read.json}), Parquet with {@code
 * spark.read.parquet}; both are appended with {@code writeTo(table).append()}, Spark's {@code
 * INSERT INTO}. Options: {@code --catalog-uri}, {@code --table}, {@code --format}, {@code
 * --schema-file}, {@code --inputs} (comma-separated paths) are required; {@code --warehouse},
 * {@code --master} and {@code --conf} as for {@link SparkJobRun}. Exit status 0 when the load
 * succeeded, 1 when it failed (the line says why), 2 for bad arguments.
 */
public final class SparkIngestRun {
  private static final String USAGE =
      "Usage: SparkIngestRun --catalog-uri URI --table NAMESPACE.NAME --format ndjson|parquet"
          + " --schema-file FILE --inputs PATH[,PATH...] [--warehouse NAME] [--master URL]"
          + " [--conf key=value]...";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkIngestRun() {}

  public static void main(String[] args) {
    Arguments arguments = SparkJobRun.parseOrExit(args, Arguments::parse);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("engine", "spark");
    line.put("job", "ingest");
    line.put("table", arguments.table());
    long starting = System.nanoTime();
    boolean succeeded = false;
    try (SparkEngine engine = SparkEngine.start(arguments.config())) {
      line.put("startup_ms", millisSince(starting));
      engine.spark().sparkContext().setLogLevel("WARN");
      line.putAll(load(engine.spark(), arguments));
      succeeded = true;
    } catch (RuntimeException | IOException e) {
      line.put("error", e.toString());
    }
    line.put("peak_rss_kb", peakRssKilobytes());
    line.put("succeeded", succeeded);
    line.putIfAbsent("error", null);
    SparkJobRun.printAndExit(render(line), succeeded);
  }

  /** Creates the table, appends the inputs to it and returns the line's counts and timings. */
  static Map<String, Object> load(SparkSession spark, Arguments arguments) throws IOException {
    Schema schema =
        SchemaParser.fromJson(Files.readString(arguments.schemaFile(), StandardCharsets.UTF_8));
    TableIdentifier id = TableIdentifier.parse(arguments.table());
    String catalogName = arguments.config().catalogName();
    long start = System.nanoTime();
    Catalog catalog = Spark3Util.loadIcebergCatalog(spark, catalogName);
    catalog.createTable(id, schema);
    StructType sparkSchema = SparkSchemaUtil.convert(schema);
    String[] paths = arguments.inputs().stream().map(Path::toString).toArray(String[]::new);
    Dataset<Row> input =
        arguments.parquet()
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
    long loadMillis = millisSince(start);
    Map<String, Object> fields = counts(catalog.loadTable(id), arguments.inputs());
    fields.put("load_ms", loadMillis);
    fields.put("tasks", partitions);
    // Spark runs at most one task per core it was given, and no more tasks than partitions.
    fields.put("cores", Math.min(partitions, spark.sparkContext().defaultParallelism()));
    return fields;
  }

  /** What the append added, from the table's snapshot summary, and the bytes read. */
  private static Map<String, Object> counts(Table table, List<Path> inputs) throws IOException {
    Snapshot snapshot = table.currentSnapshot();
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

  static String render(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the result line", e);
    }
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

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** The command line, read. */
  record Arguments(
      SparkEngineConfig config, String table, boolean parquet, Path schemaFile, List<Path> inputs) {

    static Arguments parse(String[] args) {
      RunOptions options =
          RunOptions.parse(
              args, Set.of("--table", "--format", "--schema-file", "--inputs"), Set.of());
      if (!options.has("--catalog-uri", "--table", "--format", "--schema-file", "--inputs")) {
        throw new IllegalArgumentException(USAGE);
      }
      String format = options.value("--format").toLowerCase(Locale.ROOT);
      if (!format.equals("ndjson") && !format.equals("parquet")) {
        throw new IllegalArgumentException(
            "Invalid --format: " + format + " (ndjson or parquet)\n" + USAGE);
      }
      List<Path> inputs =
          Arrays.stream(options.value("--inputs").split(","))
              .filter(path -> !path.isBlank())
              .map(Path::of)
              .toList();
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("No input in --inputs\n" + USAGE);
      }
      return new Arguments(
          options.engineConfig(),
          options.value("--table"),
          format.equals("parquet"),
          Path.of(options.value("--schema-file")),
          inputs);
    }
  }
}
