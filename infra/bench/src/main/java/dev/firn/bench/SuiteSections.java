package dev.firn.bench;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.BenchTables;
import dev.firn.bench.catalog.CommitScenario;
import dev.firn.bench.catalog.LoadScenario;
import dev.firn.bench.catalog.LoadedTable;
import dev.firn.bench.catalog.MarkdownReport;
import dev.firn.bench.compaction.CompactionMeasurement;
import dev.firn.bench.compaction.CompactionReport;
import dev.firn.bench.compaction.CompactionSettings;
import dev.firn.bench.compaction.GeneratedTable;
import dev.firn.bench.core.Alternation;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.MemoryPeak;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import dev.firn.bench.expiry.ExpiryReport;
import dev.firn.bench.expiry.ExpirySettings;
import dev.firn.bench.expiry.HistoryTable;
import dev.firn.bench.expiry.HistoryTableWriter;
import dev.firn.bench.expiry.MaintenanceJob;
import dev.firn.bench.expiry.MaintenanceLauncher;
import dev.firn.bench.ingest.FormatResult;
import dev.firn.bench.ingest.IngestReport;
import dev.firn.bench.ingest.IngestReportSetup;
import dev.firn.bench.ingest.IngestSettings;
import dev.firn.bench.ingest.InputSet;
import dev.firn.bench.ingest.LoadMeasurement;
import dev.firn.bench.ingest.Loader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
                "1 warm-up and %d measured repetitions of %s (loadTable) or %s (commits) per side"
                    + " and variant, alternating Firn and the reference",
                settings.repetitions(),
                BenchSettings.describe(settings.window()),
                BenchSettings.describe(settings.commitWindow())));
    List<SuiteSection> sections = new ArrayList<>();
    if (!settings.loadThreads().isEmpty()) {
      sections.add(loadSection(report, settings, setup));
    }
    if (!settings.writers().isEmpty()) {
      List<String> commitSetup = new ArrayList<>(setup);
      commitSetup.add(
          "each writer its own `RESTCatalog`, `newFastAppend()` of one data file per commit on a"
              + " fresh table per repetition; latency includes client retries. The tables set"
              + " `firn.commit.rebase-appends=true`, so Firn puts an append that lost a race on"
              + " the new head instead of answering 409 (the reference server ignores the"
              + " property)");
      commitSetup.addAll(commitSides(report, settings));
      List<String> titles = settings.commitScenarios().stream().map(CommitScenario::title).toList();
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

  /** The commit scenarios' third side and their spread over several tables, one line each. */
  private static List<String> commitSides(MarkdownReport report, BenchSettings settings) {
    List<String> lines = new ArrayList<>();
    lines.add(
        report.postgres() != null && report.postgres().startsWith("skipped")
            ? "Firn on PostgreSQL (third side): "
                + report.postgres()
                + "; its columns are missing from the tables"
            : "third side: Firn on PostgreSQL, "
                + report.postgres()
                + "; \"Firn\" alone is Firn on SQLite");
    settings.commitScenarios().stream()
        .filter(scenario -> scenario.tables() > 1)
        .forEach(
            scenario ->
                lines.add(
                    String.format(
                        Locale.ROOT,
                        "over %d tables: commit number n goes to table n modulo %d, whichever of"
                            + " the %d writers makes it, the same on every side; the tables are"
                            + " created once per side and kept for every repetition",
                        scenario.tables(),
                        scenario.tables(),
                        scenario.writers())));
    return lines;
  }

  private static SuiteSection loadSection(
      MarkdownReport report, BenchSettings settings, List<String> setup) {
    LoadedTable firn = report.loadedTables().get(Side.FIRN);
    LoadedTable reference = report.loadedTables().get(Side.REFERENCE);
    List<String> loadSetup = new ArrayList<>(setup);
    loadSetup.add(
        String.format(
            Locale.ROOT,
            "table `%s` with %d snapshots (Firn %d, reference %d), one metadata file written once"
                + " and registered on both sides; a full response is %,d bytes (Firn) and %,d"
                + " bytes (reference); plain HTTP `GET`s, one in flight per client thread",
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

  /** Every server's peaks over the whole catalog run: the servers serve every variant. */
  private static ScenarioResult serverMemory(Map<Side, MemoryPeak> memory) {
    MemoryPeak firn = memory.get(Side.FIRN);
    MemoryPeak reference = memory.get(Side.REFERENCE);
    Map<String, Summary> otherRss = new LinkedHashMap<>();
    Map<String, Summary> otherHeap = new LinkedHashMap<>();
    memory.forEach(
        (side, peak) -> {
          if (!Alternation.FIRN_AND_REFERENCE.contains(side)) {
            otherRss.put(side.label(), single(rssMegabytes(peak)));
            otherHeap.put(side.label(), single(peak.heapUsedMegabytes()));
          }
        });
    return new ScenarioResult(
        "Server memory over the whole catalog run",
        TableVariant.MEMORY,
        List.of(
            new FigureRow(
                "peak resident set (VmHWM), MB",
                single(rssMegabytes(firn)),
                single(rssMegabytes(reference)),
                otherRss),
            new FigureRow(
                "peak heap in use (GC log), MB",
                single(firn.heapUsedMegabytes()),
                single(reference.heapUsedMegabytes()),
                otherHeap)),
        List.of("One figure per server: each server process serves every variant of the run."));
  }

  private static double rssMegabytes(MemoryPeak peak) {
    return peak.rssKilobytes() < 0 ? Double.NaN : peak.rssKilobytes() / 1024.0;
  }

  private static Summary single(double value) {
    return value < 0 || !Double.isFinite(value)
        ? new Summary(Double.NaN, Double.NaN, Double.NaN)
        : new Summary(value, value, value);
  }

  /**
   * One table per input format, with rows per core: each load's rows/s over the cores it reported
   * using (Firn's workers, Spark's task slots in use, the plain loader's one thread).
   */
  static SuiteSection ingest(IngestReport report) {
    IngestSettings settings = report.settings();
    List<ScenarioResult> tables = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (FormatResult format : report.formats()) {
      InputSet input = format.input();
      List<FigureRow> rows = new ArrayList<>(IngestReport.rows(format, settings));
      rows.add(
          1,
          IngestReport.row(format, settings, ROWS_PER_CORE, LoadMeasurement::rowsPerSecondPerCore));
      String title =
          String.format(
              Locale.ROOT,
              "%s, %,d MB, %,d rows in %d files",
              input.format().label(),
              input.bytes() >> 20,
              input.rows(),
              input.files().size());
      List<String> notes = new ArrayList<>();
      notes.add(IngestReport.successes(format, settings));
      notes.add(cores(format, settings));
      notes.add(rowCounts(format, settings));
      tables.add(new ScenarioResult(title, rows, notes));
      for (List<LoadMeasurement> loads : format.measured().values()) {
        loads.stream()
            .filter(load -> !load.succeeded())
            .forEach(load -> warnings.add(load.describe()));
      }
    }
    List<String> setup = new ArrayList<>();
    setup.add(
        String.format(
            Locale.ROOT,
            "input size: %d MB per format (`--ingest-mb` sets it; the plan's size is 1,024 MB);"
                + " generated NDJSON and Parquet inputs; each load in a JVM of its own (`%s`) into"
                + " a fresh table through Firn's catalog over REST",
            settings.sizeMegabytes(),
            report.loaderJvm().describe()));
    if (settings.loaders().contains(Loader.SPARK)) {
      setup.add("Spark: " + IngestReportSetup.spark());
    }
    setup.add(
        String.format(
            Locale.ROOT,
            "per format %s%d measured loads per loader, alternating %s; after each load the"
                + " table's row count must equal the input's, or the load counts as failed",
            settings.warmUp()
                ? "1 warm-up load per loader on a "
                    + IngestSettings.WARM_UP_MEGABYTES
                    + " MB slice, then "
                : "no warm-up, ",
            settings.repetitions(),
            String.join(", ", settings.loaders().stream().map(Loader::label).toList())));
    return new SuiteSection(SuiteScenario.INGEST, setup, tables, warnings);
  }

  /** The cores each loader used, as its loads reported them. */
  private static String cores(FormatResult format, IngestSettings settings) {
    List<String> used = new ArrayList<>();
    for (Loader loader : settings.loaders()) {
      List<Integer> cores =
          format.measured().get(loader).stream()
              .filter(LoadMeasurement::succeeded)
              .map(load -> load.line().cores())
              .distinct()
              .sorted()
              .toList();
      used.add(loader.label() + " " + (cores.isEmpty() ? "n/a" : cores.toString()));
    }
    return "Cores per load, which rows/s per core divides by: " + String.join(", ", used) + ".";
  }

  /** Whether every load's table held the input's rows, Firn's and the others' alike. */
  private static String rowCounts(FormatResult format, IngestSettings settings) {
    long mismatches =
        format.measured().values().stream()
            .flatMap(List::stream)
            .filter(load -> !load.succeeded() && load.failure().startsWith("ROW COUNT MISMATCH"))
            .count();
    return mismatches == 0
        ? String.format(
            Locale.ROOT,
            "Row counts: every successful load's table holds the input's %,d rows, %s's tables"
                + " and Firn's alike.",
            format.input().rows(),
            settings.reference().label())
        : String.format(
            Locale.ROOT,
            "WARNING: ROW COUNT MISMATCH in %d loads: their tables do not hold the input's %,d"
                + " rows (see the warnings).",
            mismatches,
            format.input().rows());
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
                    + " JVM (`%s`). Firn runs twice per repetition: as it runs by default, copying"
                    + " the Parquet row groups of file groups with no deletes to apply and no sort"
                    + " order (all of them here), and with `copyRowGroups(false)`, decoding and"
                    + " writing every row as Spark does",
                CompactionSettings.ENGINE_THREADS,
                settings.targetMegabytes(),
                report.jvm().describe()),
            String.format(
                Locale.ROOT,
                "%s%d measured runs per engine, the engines taking turns to go first; each run"
                    + " starts from the generated snapshot",
                settings.warmUp()
                    ? "1 warm-up run per engine (left out; Firn's default run warms up the table"
                        + " both Firn variants compact), then "
                    : "",
                settings.repetitions()));
    List<ScenarioResult> results = new ArrayList<>();
    for (Engine firn : List.of(Engine.FIRN, Engine.FIRN_ROWS)) {
      results.add(
          new ScenarioResult(
              title + (firn == Engine.FIRN ? ", row groups copied" : ", rows rewritten"),
              report.rows(firn),
              List.of("Failed runs, all engines (left out of the figures): " + failures + ".")));
    }
    return new SuiteSection(SuiteScenario.COMPACTION, setup, results, warnings);
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
            + " the files to delete. Every expiry runs on a fresh copy: the table's manifest"
            + " lists, manifests and data files copied under a location of its own and rewritten"
            + " to name the copies, with a new metadata file, registered under its own name");
    setup.add(
        "orphan listing finds files older than one cutoff, the end of generation (Firn's"
            + " `OrphanSweep.apply()`, a dry run, with its clock at the cutoff plus the policy's"
            + " min age; Spark's `deleteOrphanFiles().olderThan(cutoff)` with prefix listing and"
            + " a deleter that deletes nothing); both list through the table's `S3FileIO`");
    setup.add(
        String.format(
            Locale.ROOT,
            "each run a fresh JVM (`%s`; Spark `local[%d]` with `"
                + MaintenanceLauncher.SHUFFLE_PARTITIONS
                + "` plus its `--add-opens` options) that lists orphans, then expires a fresh"
                + " copy, one after the other, so the process rows (wall time and memory) are"
                + " the same in both tables; %s%d measured run(s) per engine, the order"
                + " alternating; job time is timed around the job's call alone, after the catalog"
                + " connection and table load (and, for the first job, SparkSession's start-up)",
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
