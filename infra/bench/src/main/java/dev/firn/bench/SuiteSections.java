package dev.firn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns each harness's report into the suite's sections: the same figures, with each process's peak
 * memory and, for ingestion, rows per core.
 */
final class SuiteSections {
  static final String ROWS_PER_CORE = "rows/s per core";

  private SuiteSections() {}

  /** The loadTable and commit sections of one catalog run, for the scenarios it ran. */
  static List<SuiteSection> catalog(MarkdownReport report, BenchSettings settings) {
    List<String> setup =
        List.of(
            String.format(
                Locale.ROOT,
                "Firn's catalog (SQLite) and the reference server (`RESTCatalogServer`,"
                    + " JdbcCatalog on SQLite), each in its own JVM (`%s`), on one embedded S3"
                    + " server on 127.0.0.1",
                report.jvm().describe()),
            String.format(
                Locale.ROOT,
                "1 warm-up and %d measured repetitions of %d s per side and variant, alternating"
                    + " Firn and the reference",
                settings.repetitions(),
                settings.window().toSeconds()));
    List<SuiteSection> sections = new ArrayList<>();
    if (!settings.loadThreads().isEmpty()) {
      sections.add(loadSection(report, settings, setup));
    }
    if (!settings.writers().isEmpty()) {
      List<String> commitSetup = new ArrayList<>(setup);
      commitSetup.add(
          "each writer its own `RESTCatalog`, `newFastAppend()` of one data file per commit on a"
              + " fresh table per repetition; latency includes client retries");
      List<String> titles =
          settings.writers().stream().map(w -> new CommitScenario(w).title()).toList();
      // The run's warnings go to its first section only.
      sections.add(
          new SuiteSection(
              SuiteScenario.COMMITS,
              commitSetup,
              withMemory(titled(report, titles), serverMemory(report.memory())),
              sections.isEmpty() ? report.warnings() : List.of()));
    }
    return sections;
  }

  private static SuiteSection loadSection(
      MarkdownReport report, BenchSettings settings, List<String> setup) {
    LoadedTable firn = report.loadedTables().get(Side.FIRN);
    LoadedTable reference = report.loadedTables().get(Side.REFERENCE);
    List<String> loadSetup = new ArrayList<>(setup);
    loadSetup.add(
        String.format(
            Locale.ROOT,
            "table `%s` with %d snapshots (Firn %d, reference %d); a full response is %,d bytes"
                + " (Firn) and %,d bytes (reference); plain HTTP `GET`s, one in flight per"
                + " client thread",
            BenchTables.LOADED_TABLE,
            settings.snapshots(),
            firn.snapshots(),
            reference.snapshots(),
            firn.responseBytes(),
            reference.responseBytes()));
    return new SuiteSection(
        SuiteScenario.LOAD_TABLE,
        loadSetup,
        withMemory(titled(report, loadTitles(settings)), serverMemory(report.memory())),
        report.warnings());
  }

  static List<String> loadTitles(BenchSettings settings) {
    List<String> titles = new ArrayList<>();
    for (boolean conditional : List.of(false, true)) {
      for (int threads : settings.loadThreads()) {
        titles.add(new LoadScenario(threads, conditional).title());
      }
    }
    return titles;
  }

  private static List<ScenarioResult> titled(MarkdownReport report, List<String> titles) {
    return report.scenarios().stream().filter(s -> titles.contains(s.title())).toList();
  }

  private static List<ScenarioResult> withMemory(
      List<ScenarioResult> tables, ScenarioResult memory) {
    List<ScenarioResult> all = new ArrayList<>(tables);
    all.add(memory);
    return all;
  }

  /** Both servers' peaks over the whole catalog run: the servers serve every variant. */
  private static ScenarioResult serverMemory(Map<Side, MemoryPeak> memory) {
    MemoryPeak firn = memory.get(Side.FIRN);
    MemoryPeak reference = memory.get(Side.REFERENCE);
    return new ScenarioResult(
        "Server memory over the whole catalog run",
        List.of(
            new FigureRow(
                "peak resident set (VmHWM), MB",
                single(firn.rssKilobytes() < 0 ? Double.NaN : firn.rssKilobytes() / 1024.0),
                single(
                    reference.rssKilobytes() < 0 ? Double.NaN : reference.rssKilobytes() / 1024.0)),
            new FigureRow(
                "peak heap in use (GC log), MB",
                single(firn.heapUsedMegabytes()),
                single(reference.heapUsedMegabytes()))),
        List.of("One figure per server: each server process serves every variant of the run."));
  }

  private static Summary single(double value) {
    return value < 0 || !Double.isFinite(value)
        ? new Summary(Double.NaN, Double.NaN, Double.NaN)
        : new Summary(value, value, value);
  }

  /** One table per input format, with rows per core: Firn runs a worker per core. */
  static SuiteSection ingest(IngestReport report) {
    int cores = report.machine().cores();
    List<ScenarioResult> tables = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (FormatResult format : report.formats()) {
      InputSet input = format.input();
      List<FigureRow> rows = new ArrayList<>(IngestReport.rows(format));
      FigureRow perSecond = rows.get(0);
      // Firn's writer runs a worker per core, each on whole files; the plain loader one thread.
      int workers = Math.max(1, Math.min(cores, input.files().size()));
      rows.add(
          1,
          new FigureRow(ROWS_PER_CORE, divided(perSecond.firn(), workers), perSecond.reference()));
      String title =
          String.format(
              Locale.ROOT,
              "%s, %,d MB, %,d rows in %d files",
              input.format().label(),
              input.bytes() >> 20,
              input.rows(),
              input.files().size());
      String note =
          String.format(
              Locale.ROOT,
              "Successful loads: Firn %d of %d, plain Iceberg %d of %d. Rows/s per core: Firn's"
                  + " over its %d workers (one per core, each on whole files), the plain loader's"
                  + " over its one thread.",
              format.measured().get(Loader.FIRN).size() - format.failures(Loader.FIRN),
              format.measured().get(Loader.FIRN).size(),
              format.measured().get(Loader.BASELINE).size() - format.failures(Loader.BASELINE),
              format.measured().get(Loader.BASELINE).size(),
              workers);
      tables.add(new ScenarioResult(title, rows, List.of(note)));
      for (List<LoadMeasurement> loads : format.measured().values()) {
        loads.stream()
            .filter(load -> !load.succeeded())
            .forEach(load -> warnings.add(load.describe()));
      }
    }
    List<String> setup =
        List.of(
            String.format(
                Locale.ROOT,
                "generated NDJSON and Parquet inputs, %d MB each; each load in a JVM of its own"
                    + " (`%s`) into a fresh table through Firn's catalog over REST",
                report.settings().sizeMegabytes(),
                report.loaderJvm().describe()),
            String.format(
                Locale.ROOT,
                "per format %s%d measured loads per loader, alternating Firn's writer and the"
                    + " plain single-threaded Iceberg loader",
                report.settings().warmUp()
                    ? "1 warm-up load per loader on a "
                        + IngestSettings.WARM_UP_MEGABYTES
                        + " MB slice, then "
                    : "no warm-up, ",
                report.settings().repetitions()));
    return new SuiteSection(SuiteScenario.INGEST, setup, tables, warnings);
  }

  static SuiteSection compaction(CompactionReport report) {
    GeneratedTable table = report.table();
    CompactionSettings settings = report.settings();
    String title =
        String.format(
            Locale.ROOT,
            "%d files, %,.0f MB, %d partitions",
            table.files(),
            table.bytes() / 1048576.0,
            table.partitions());
    long failures =
        report.measured().values().stream()
            .flatMap(List::stream)
            .filter(run -> !run.succeeded())
            .count();
    List<String> warnings =
        report.measured().values().stream()
            .flatMap(List::stream)
            .filter(run -> !run.succeeded())
            .map(CompactionMeasurement::describe)
            .toList();
    List<String> setup =
        List.of(
            String.format(
                Locale.ROOT,
                "identical tables of small Parquet files; Firn's `Compaction` and Spark's"
                    + " `rewriteDataFiles` (`local[%d]`), bin-pack to %d MB, each run in a fresh"
                    + " JVM (`%s`)",
                CompactionSettings.ENGINE_THREADS,
                settings.targetMegabytes(),
                report.jvm().describe()),
            String.format(
                Locale.ROOT,
                "%s%d measured runs per engine, the order alternating; each run starts from the"
                    + " generated snapshot",
                settings.warmUp() ? "1 warm-up run per engine (left out), then " : "",
                settings.repetitions()));
    ScenarioResult result =
        new ScenarioResult(
            title,
            report.rows(),
            List.of("Failed runs (left out of the figures): " + failures + "."));
    return new SuiteSection(SuiteScenario.COMPACTION, setup, List.of(result), warnings);
  }

  static SuiteSection expiry(ExpiryReport report) {
    ExpirySettings settings = report.settings();
    HistoryTable table = report.table();
    List<String> setup = new ArrayList<>();
    setup.add(
        String.format(
            Locale.ROOT,
            "a generated streaming table: %,d snapshots, each adding %d data files in a partition"
                + " of its own and, from snapshot %d on, overwriting the oldest of the %d"
                + " partitions it keeps; %,d data files in all, %,d live; %,d orphans planted next to the"
                + " data files; %,d objects under its location%s",
            table.snapshots(),
            settings.filesPerSnapshot(),
            ExpirySettings.LIVE_BATCHES + 1,
            ExpirySettings.LIVE_BATCHES,
            table.dataFiles(),
            table.liveFiles(),
            table.orphans(),
            table.objects(),
            settings.reduced()
                ? String.format(
                    Locale.ROOT,
                    " (the plan asks for %,d snapshots and %,d files: listing on the embedded S3"
                        + " store walks the prefix's folder again for every page of 1,000 keys,"
                        + " and on the shared two-core machine each generator commit and each"
                        + " Spark job are slow, so that table would take far longer than the"
                        + " scenario's few minutes; `ExpiryBenchmark --snapshots N --files M`"
                        + " runs any size)",
                    ExpirySettings.PLAN_SNAPSHOTS,
                    ExpirySettings.PLAN_FILES)
                : ""));
    setup.add(
        String.format(
            Locale.ROOT,
            "snapshots committed with Iceberg's own append and overwrite operations, metadata"
                + " only, in memory, then the last version written once and registered in Firn's"
                + " catalog (%.1f s); data files and orphans are %d-byte placeholder objects, not"
                + " Parquet (neither job reads data files), written straight into the embedded"
                + " S3 store's folder, which serves them like objects put through it",
            table.generationSeconds(),
            HistoryTableWriter.PLACEHOLDER_BYTES));
    setup.add(
        "like for like: expiry removes the oldest snapshots older than one cutoff (Firn's"
            + " `SnapshotExpiry.commit()` with its clock at the cutoff plus the policy's max age;"
            + " Spark's `expireSnapshots().expireOlderThan(cutoff).retainLast(1)`), both with a"
            + " deleter that deletes nothing: each commits the snapshots' removal and works out"
            + " the files to delete. Every expiry runs on a fresh copy: a new metadata file with"
            + " its own location over the same manifests, registered under its own name");
    setup.add(
        "orphan listing finds files older than one cutoff, the end of generation (Firn's"
            + " `OrphanSweep.apply()`, a dry run, with its clock at the cutoff plus the policy's"
            + " min age; Spark's `deleteOrphanFiles().olderThan(cutoff)` with prefix listing and"
            + " a deleter that deletes nothing); both list through the table's `S3FileIO`");
    setup.add(
        String.format(
            Locale.ROOT,
            "each run a fresh JVM (`%s`; Spark `local[%d]` plus its `--add-opens` options);"
                + " %s%d measured run(s) per engine and job, the order alternating; job time is"
                + " timed around the job's call alone, after the catalog connection (and"
                + " SparkSession's start-up)",
            report.jvm().describe(),
            CompactionSettings.ENGINE_THREADS,
            settings.warmUp() ? "1 warm-up run each (left out), then " : "",
            settings.repetitions()));
    List<String> warnings = new ArrayList<>(report.warnings());
    warnings.addAll(report.failures());
    return new SuiteSection(
        SuiteScenario.EXPIRY,
        setup,
        List.of(report.result(MaintenanceJob.EXPIRY), report.result(MaintenanceJob.ORPHANS)),
        warnings);
  }

  private static Summary divided(Summary summary, int divisor) {
    return new Summary(
        summary.median() / divisor, summary.min() / divisor, summary.max() / divisor);
  }
}
