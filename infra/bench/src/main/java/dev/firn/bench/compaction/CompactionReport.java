package dev.firn.bench.compaction;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.RunStamp;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The compaction benchmark's results as Markdown: what ran where, the table, and a table of Firn's
 * compaction against the Spark engine. It reports figures; it passes no judgement.
 *
 * @param stamp when the run began, how long it ran, and the machine and Java
 * @param settings the run's parameters
 * @param versions Firn's, Iceberg's and Spark's versions
 * @param jvm the compaction processes' Java options
 * @param table the generated table (each engine compacts an identical copy)
 * @param measured each engine's compactions, in order
 * @param load the machine's load averages at the start and at the end of the run
 */
public record CompactionReport(
    RunStamp stamp,
    CompactionSettings settings,
    Versions versions,
    ServerJvm jvm,
    GeneratedTable table,
    Map<Engine, List<CompactionMeasurement>> measured,
    List<String> load)
    implements Harness.Report {

  /** The software under comparison. */
  record Versions(String firn, String iceberg, String spark, String sparkIceberg) {}

  @Override
  public String render() {
    StringBuilder out =
        Markdown.heading(
            "Compaction benchmark: Firn's JVM compaction and the Spark engine",
            stamp,
            settings.quick());
    setup(out);
    out.append(
        "Each ratio is Firn's median divided by Spark's median. For MB/s a ratio above 1 means"
            + " Firn compacts faster; for times and memory, above 1 means Firn takes more.\n\n");
    figures(out);
    runs(out);
    return out.toString();
  }

  private void figures(StringBuilder out) {
    for (Engine firn : List.of(Engine.FIRN, Engine.FIRN_ROWS)) {
      out.append("## Figures: ").append(firn.label()).append(" and Spark\n\n");
      Markdown.figures(out, "Spark", List.of(), rows(firn));
      out.append('\n');
    }
    out.append(
        String.format(
            Locale.ROOT,
            "Successful compactions: Firn %d of %d, Firn rewriting rows %d of %d, Spark %d of"
                + " %d.%n%n",
            successes(Engine.FIRN),
            measured.get(Engine.FIRN).size(),
            successes(Engine.FIRN_ROWS),
            measured.get(Engine.FIRN_ROWS).size(),
            successes(Engine.SPARK),
            measured.get(Engine.SPARK).size()));
  }

  /** One of Firn's variants against Spark, figure by figure, over the successful runs. */
  List<FigureRow> rows(Engine firn) {
    List<FigureRow> rows = new ArrayList<>();
    rows.add(row(firn, "compaction time (job), s", CompactionMeasurement::jobSeconds));
    rows.add(row(firn, "input MB/s over the job", CompactionMeasurement::jobMegabytesPerSecond));
    rows.add(row(firn, "process wall time, s", CompactionMeasurement::wallSeconds));
    rows.add(
        row(firn, "input MB/s over the process", CompactionMeasurement::processMegabytesPerSecond));
    rows.add(
        row(
            firn,
            "start-up inside the process, s",
            run -> run.line().outcome().startupMillis() / 1000.0));
    rows.add(row(firn, "peak resident set (VmHWM), MB", CompactionMeasurement::peakRssMegabytes));
    rows.add(row(firn, "peak heap in use (GC log), MB", run -> run.heapPeakMegabytes()));
    rows.add(row(firn, "files rewritten", run -> run.line().filesRewritten()));
    rows.add(row(firn, "input MB rewritten", CompactionMeasurement::megabytesRewritten));
    rows.add(row(firn, "files written", run -> run.line().filesAdded()));
    rows.add(row(firn, "MB written", run -> run.line().bytesAdded() / 1048576.0));
    return rows;
  }

  private FigureRow row(Engine firn, String figure, ToDoubleFunction<CompactionMeasurement> value) {
    return new FigureRow(figure, summary(firn, value), summary(Engine.SPARK, value));
  }

  private Summary summary(Engine engine, ToDoubleFunction<CompactionMeasurement> value) {
    return Summary.of(
        measured.get(engine).stream()
            .filter(CompactionMeasurement::succeeded)
            .map(run -> value.applyAsDouble(run))
            .toList());
  }

  private long successes(Engine engine) {
    return measured.get(engine).stream().filter(CompactionMeasurement::succeeded).count();
  }

  /** Every run in the order it ran. */
  private void runs(StringBuilder out) {
    out.append("## Runs, in the order they ran\n\n");
    List<CompactionMeasurement> all = new ArrayList<>();
    measured.values().forEach(all::addAll);
    all.stream()
        .sorted(
            Comparator.comparingInt(CompactionMeasurement::repetition)
                .thenComparingInt(
                    run -> CompactionRuns.order(run.repetition()).indexOf(run.engine())))
        .forEach(run -> out.append("- ").append(run.describe()).append('\n'));
    out.append('\n');
  }

  /** The setup section: machine, software, table and method. */
  private void setup(StringBuilder out) {
    Markdown.setup(out, stamp().machine());
    Markdown.row(
        out,
        "Load average",
        "1, 5, 15 minutes: "
            + load().get(0)
            + " at the start, "
            + load().get(1)
            + " at the end; the run shares the cores with whatever else runs");
    Markdown.row(out, "Java", stamp().machine().java());
    Markdown.row(
        out,
        "Versions",
        "Firn "
            + versions().firn()
            + " on Iceberg "
            + versions().iceberg()
            + "; Spark "
            + versions().spark()
            + " with Iceberg's Spark runtime "
            + versions().sparkIceberg());
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
            table().files(),
            table().bytes(),
            table().bytes() / 1048576.0,
            table().partitions(),
            table().rows()));
    Markdown.row(
        out,
        "Compaction",
        String.format(
            Locale.ROOT,
            "bin-pack, target file size %d MB, min input files %d, for both engines; each run"
                + " starts from the generated snapshot (`rollbackTo`; nothing is expired, so the"
                + " small files are still there)",
            settings().targetMegabytes(),
            CompactionSettings.MIN_INPUT_FILES));
    Markdown.row(
        out,
        "Firn",
        "`new Compaction(table, clock, new RunningCompactions()).targetFileSize(..)"
            + ".minInputFiles(..).parallelism("
            + CompactionSettings.ENGINE_THREADS
            + ").commit()` on a `RESTCatalog` table, in a process of its own (`"
            + jvm().describe()
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
            + jvm().describe()
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
            settings().repetitions(),
            settings().warmUp()
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

  @Override
  public String file() {
    return "compaction-benchmark.md";
  }
}
