package dev.firn.bench.compaction;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.ServerJvm;
import java.util.Locale;

/** The setup section of the compaction benchmark's report: machine, software, table and method. */
record CompactionReportSetup(CompactionReport report) {

  void append(StringBuilder out) {
    Markdown.setup(out, report.stamp().machine());
    Markdown.row(
        out,
        "Load average",
        "1, 5, 15 minutes: "
            + report.load().get(0)
            + " at the start, "
            + report.load().get(1)
            + " at the end; the run shares the cores with whatever else runs");
    Markdown.row(out, "Java", report.stamp().machine().java());
    Markdown.row(
        out,
        "Versions",
        "Firn "
            + report.versions().firn()
            + " on Iceberg "
            + report.versions().iceberg()
            + "; Spark "
            + report.versions().spark()
            + " with Iceberg's Spark runtime "
            + report.versions().sparkIceberg());
    Markdown.row(
        out,
        "Catalog and storage",
        "Firn's catalog server in its own process (`"
            + ServerJvm.defaults().describe()
            + "`, SQLite file); embedded S3 (S3Proxy, objects on the local file system) in the"
            + " harness JVM; all on 127.0.0.1. Both engines reach the catalog over REST and get"
            + " the storage settings from it");
    Markdown.row(
        out,
        "Table",
        String.format(
            Locale.ROOT,
            "%d Parquet files (zstd), %,d bytes (%,.1f MB), %d partitions (identity on"
                + " country), %,d rows; seeded synthetic rows of the ingestion benchmark (ten"
                + " columns, a 20-60 letter note); one append snapshot. Generated once and"
                + " copied byte for byte, so each engine compacts an identical table of its own",
            report.table().files(),
            report.table().bytes(),
            report.table().bytes() / 1048576.0,
            report.table().partitions(),
            report.table().rows()));
    Markdown.row(
        out,
        "Compaction",
        String.format(
            Locale.ROOT,
            "bin-pack, target file size %d MB, min input files %d, for both engines; each run"
                + " starts from the generated snapshot (`rollbackTo`; nothing is expired, so the"
                + " small files are still there)",
            report.settings().targetMegabytes(),
            CompactionSettings.MIN_INPUT_FILES));
    Markdown.row(
        out,
        "Firn",
        "`new Compaction(table, clock, new RunningCompactions()).targetFileSize(..)"
            + ".minInputFiles(..).parallelism("
            + CompactionSettings.ENGINE_THREADS
            + ").commit()` on a `RESTCatalog` table, in a process of its own (`"
            + report.jvm().describe()
            + "`, logging warnings only); each file group commits on its own. \"Firn\" is the"
            + " default, which copies the Parquet row groups of file groups with nothing to apply"
            + " (here: all of them); \"Firn, rows rewritten\" sets `.copyRowGroups(false)` and"
            + " decodes and writes every row, as Spark does");
    Markdown.row(
        out,
        "Spark",
        "`SparkCompactionRun --master "
            + ChildJvms.SPARK_MASTER
            + "` (Iceberg's `rewriteDataFiles` bin-pack, partial progress on), in a process of"
            + " its own (`"
            + report.jvm().describe()
            + "` plus the module's `--add-opens` options; in local mode the driver and its"
            + " executor threads share this heap), Spark settings "
            + String.join(", ", ChildJvms.SPARK_CONF)
            + " and SPARK_LOCAL_IP=127.0.0.1, logging warnings only");
    Markdown.row(
        out,
        "Repetitions",
        String.format(
            Locale.ROOT,
            "%d per engine, %s; the engines take turns to go first; each bounded by %d"
                + " minutes",
            report.settings().repetitions(),
            report.settings().warmUp()
                ? "after one warm-up run each (every run is a fresh JVM; the warm-up is left out)"
                : "no warm-up (every run is a fresh JVM)",
            CompactionSettings.RUN_TIMEOUT.toMinutes()));
    Markdown.row(
        out,
        "Timing",
        "compaction time is the job's duration as the job reports it (planning, rewriting and"
            + " committing; the catalog connection and SparkSession's start-up are outside it);"
            + " MB/s over the job divides the input bytes rewritten by it. Process wall time runs"
            + " from launching the child to its exit, JVM and Spark start-up included. Start-up"
            + " inside the process is SparkSession's start-up, or Firn's catalog connection and"
            + " table load");
    Markdown.row(
        out,
        "Memory",
        "peak resident set: the child's `VmHWM` from `/proc/<pid>/status`, sampled every 100 ms"
            + " while it runs; peak heap: the largest occupancy before a GC in its GC log");
    Markdown.row(
        out,
        "Checks",
        "a run counts when the job succeeded, rewrote every generated file, and the table"
            + " afterwards holds as many rows as generated (summed from its data files' metadata)"
            + " in as many data files as the job wrote");
    out.append('\n');
  }
}
