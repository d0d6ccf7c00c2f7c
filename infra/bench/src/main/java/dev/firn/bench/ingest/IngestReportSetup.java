package dev.firn.bench.ingest;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.Markdown;
import java.util.Locale;

/** The setup section of the ingestion benchmark's report: machine, software, inputs and method. */
record IngestReportSetup(IngestReport report) {

  void append(StringBuilder out) {
    Markdown.setup(out, report.stamp().machine());
    Markdown.row(out, "Java", report.stamp().machine().java());
    Markdown.row(
        out,
        "Versions",
        "Firn " + report.versions().firn() + " on Iceberg " + report.versions().firnIceberg());
    Markdown.row(
        out,
        "Loader JVMs",
        "one process per load: `" + report.loaderJvm().describe() + "`, logging warnings only");
    Markdown.row(
        out,
        "Catalog",
        "Firn's catalog server in its own process (`"
            + report.serverJvm().describe()
            + "`), SQLite file; loaders reach it over REST (`RESTCatalog` with `uri` and"
            + " `warehouse`) on 127.0.0.1");
    Markdown.row(
        out,
        "Storage",
        "embedded S3 (S3Proxy, objects on the local file system) in the harness JVM on"
            + " 127.0.0.1; inputs are read from local files");
    report
        .formats()
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
            report.settings().repetitions(),
            String.join(", ", report.settings().loaders().stream().map(Loader::label).toList()),
            report.settings().loadTimeout().toMinutes()));
    Markdown.row(
        out,
        "Timing",
        "load time is measured inside the loader process, from the first catalog call of the"
            + " load to its commit (the catalog connection and JVM start-up are outside it); rows/s"
            + " and MB/s (input MB of 2^20 bytes) divide by it. Process wall time includes the"
            + " JVM's start-up");
    Markdown.row(out, "Firn", firn());
    if (report.settings().loaders().contains(Loader.SPARK)) {
      Markdown.row(out, "Spark", spark());
    }
    if (report.settings().loaders().contains(Loader.BASELINE)) {
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
}
