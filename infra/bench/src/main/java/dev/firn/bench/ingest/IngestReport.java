package dev.firn.bench.ingest;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.RunStamp;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The ingestion benchmark's results as Markdown: what ran where, the inputs, and per format a table
 * of Firn's writer against the reference loader (Spark, or the plain Iceberg loader). It reports
 * figures; it passes no judgement.
 *
 * @param stamp when the run began, how long it ran, and the machine and Java
 * @param settings the run's parameters
 * @param versions Firn's and Iceberg's versions
 * @param loaderJvm the loader processes' Java options
 * @param serverJvm the catalog server's Java options
 * @param formats each format's loads
 */
public record IngestReport(
    RunStamp stamp,
    IngestSettings settings,
    Versions versions,
    ServerJvm loaderJvm,
    ServerJvm serverJvm,
    List<FormatResult> formats)
    implements Harness.Report {

  @Override
  public String render() {
    StringBuilder out =
        Markdown.heading(
            "Ingestion benchmark: Firn's writer and " + settings.reference().label(),
            stamp,
            settings.quick());
    setup(out);
    out.append(
        "Each ratio is Firn's median divided by "
            + settings.reference().label()
            + "'s median. For rows/s and MB/s a ratio above 1 means Firn loads faster; for times"
            + " and memory, above 1 means Firn takes more.\n\n");
    formats.forEach(format -> table(out, format, settings));
    warnings(out);
    return out.toString();
  }

  private static void table(StringBuilder out, FormatResult result, IngestSettings settings) {
    InputSet input = result.input();
    out.append(
        String.format(
            Locale.ROOT,
            "## %s: %,d rows, %,d bytes in %d files%n%n",
            input.format().label(),
            input.rows(),
            input.bytes(),
            input.files().size()));
    Markdown.figures(
        out,
        settings.reference().label(),
        settings.others().stream().map(Loader::label).toList(),
        rows(result, settings));
    out.append('\n').append(successes(result, settings)).append("\n\n");
  }

  /** "Successful loads: Firn 5 of 5, Spark 5 of 5." */
  static String successes(FormatResult result, IngestSettings settings) {
    List<String> counts = new ArrayList<>();
    for (Loader loader : settings.loaders()) {
      int loads = result.measured().get(loader).size();
      counts.add(
          String.format(
              Locale.ROOT, "%s %d of %d", loader.label(), loads - result.failures(loader), loads));
    }
    return "Successful loads: " + String.join(", ", counts) + ".";
  }

  /** The figures of one format, Firn's writer against the reference loader, with the others. */
  static List<FigureRow> rows(FormatResult result, IngestSettings settings) {
    List<FigureRow> rows = new ArrayList<>();
    rows.add(row(result, settings, "rows/s", LoadMeasurement::rowsPerSecond));
    rows.add(row(result, settings, "input MB/s", LoadMeasurement::megabytesPerSecond));
    rows.add(row(result, settings, "load time, s", load -> load.line().seconds()));
    rows.add(row(result, settings, "process wall time, s", LoadMeasurement::wallSeconds));
    rows.add(
        row(result, settings, "peak resident set (VmHWM), MB", LoadMeasurement::peakRssMegabytes));
    rows.add(
        row(result, settings, "peak heap in use (GC log), MB", load -> load.heapPeakMegabytes()));
    rows.add(row(result, settings, "rows loaded", load -> load.line().rows()));
    rows.add(row(result, settings, "data files written", load -> load.line().dataFiles()));
    rows.add(
        row(result, settings, "bytes written, MB", load -> load.line().bytesWritten() / 1048576.0));
    return rows;
  }

  static FigureRow row(
      FormatResult result,
      IngestSettings settings,
      String figure,
      ToDoubleFunction<LoadMeasurement> value) {
    Map<String, Summary> others = new LinkedHashMap<>();
    settings.others().forEach(other -> others.put(other.label(), result.summary(other, value)));
    return new FigureRow(
        figure,
        result.summary(Loader.FIRN, value),
        result.summary(settings.reference(), value),
        others);
  }

  private void warnings(StringBuilder out) {
    out.append("## Loads\n\n");
    for (FormatResult format : formats) {
      format
          .warmUps()
          .forEach(load -> out.append("- warm-up: ").append(load.describe()).append('\n'));
      for (Loader loader : settings.loaders()) {
        format
            .measured()
            .get(loader)
            .forEach(load -> out.append("- ").append(load.describe()).append('\n'));
      }
    }
    out.append('\n');
  }

  /** The setup section: machine, software, inputs and method. */
  private void setup(StringBuilder out) {
    Markdown.setup(out, stamp().machine());
    Markdown.row(out, "Java", stamp().machine().java());
    Markdown.row(
        out, "Versions", "Firn " + versions().firn() + " on Iceberg " + versions().firnIceberg());
    Markdown.row(
        out,
        "Loader JVMs",
        "one process per load: `" + loaderJvm().describe() + "`, logging warnings only");
    Markdown.row(
        out,
        "Catalog",
        "Firn's catalog server in its own process (`"
            + serverJvm().describe()
            + "`), SQLite file; loaders reach it over REST (`RESTCatalog` with `uri` and"
            + " `warehouse`) on 127.0.0.1");
    Markdown.row(
        out,
        "Storage",
        "embedded S3 (S3Proxy, objects on the local file system) in the harness JVM on"
            + " 127.0.0.1; inputs are read from local files");
    formats()
        .forEach(
            format -> Markdown.row(out, format.input().format().label() + " input", input(format)));
    Markdown.row(
        out,
        "Repetitions",
        String.format(
            Locale.ROOT,
            "per format: 1 warm-up load per loader on a %d MB slice, then %d measured loads per"
                + " loader, alternating %s; each into a fresh table in zone `raw`; each bounded"
                + " by %d minutes; afterwards each table's row count (its snapshot summary, read"
                + " through the catalog) must equal the input's, or the load counts as failed",
            IngestSettings.WARM_UP_MEGABYTES,
            settings().repetitions(),
            String.join(", ", settings().loaders().stream().map(Loader::label).toList()),
            settings().loadTimeout().toMinutes()));
    Markdown.row(
        out,
        "Timing",
        "load time is measured inside the loader process, from the first catalog call of the"
            + " load to its commit (the catalog connection and JVM start-up are outside it); rows/s"
            + " and MB/s (input MB of 2^20 bytes) divide by it. Process wall time includes the"
            + " JVM's start-up");
    Markdown.row(out, "Firn", firn());
    if (settings().loaders().contains(Loader.SPARK)) {
      Markdown.row(out, "Spark", spark());
    }
    if (settings().loaders().contains(Loader.BASELINE)) {
      Markdown.row(out, "Baseline", baseline());
    }
    out.append('\n');
  }

  private static String input(FormatResult format) {
    InputSet input = format.input();
    return String.format(
        Locale.ROOT,
        "%d files, %,d bytes (%,d MB), %,d rows; seeded synthetic rows: id, ts, user, country (30),"
            + " amount, qty, flag, tags (0-3), device {os, version}, note (20-60 random letters)",
        input.files().size(),
        input.bytes(),
        input.bytes() >> 20,
        input.rows());
  }

  private static String firn() {
    return "`TableWriter.ingest(table).files(...).createIfMissing(true).commit()`: infers the"
        + " schema (NDJSON from the first 10,000 rows of each file; it types qty as long), derives"
        + " the batch id from the inputs' content (one more read of each file), creates the table,"
        + " converts and writes rows with one worker per core (each reads whole input files and"
        + " writes files of its own), commits one snapshot";
  }

  static String spark() {
    return "`SparkIngestRun` of the Spark engine module in its own JVM, Spark in local mode (`"
        + ChildJvms.SPARK_MASTER
        + "`) with Iceberg's Spark runtime and a REST catalog on Firn's: creates the table with"
        + " the plain loader's fixed schema, reads NDJSON with `spark.read.schema(...).json` and"
        + " Parquet with `spark.read.parquet`, appends with `writeTo(table).append()` (INSERT INTO);"
        + " its load time excludes SparkSession's start-up; rows/s per core divides by the task"
        + " slots in use, min(2, input partitions)";
  }

  private static String baseline() {
    return "a hand-written job on the same libraries: a fixed schema (qty int); NDJSON with"
        + " Jackson `ObjectMapper.readTree` per line into `GenericRecord`s, Parquet with"
        + " `Parquet.read` and `GenericParquetReaders`; `GenericFileWriterFactory` and"
        + " `FanoutDataWriter` rolled at the table's target file size; one `AppendFiles` commit;"
        + " one thread";
  }

  @Override
  public String file() {
    return "ingest-benchmark.md";
  }
}
