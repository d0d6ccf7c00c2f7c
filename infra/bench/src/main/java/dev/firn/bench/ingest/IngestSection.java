package dev.firn.bench.ingest;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ingestion section a run gives the suite: its figures per input format, with rows per core.
 */
public final class IngestSection {
  private IngestSection() {}

  public static final String ROWS_PER_CORE = "rows/s per core";

  /**
   * One table per input format, with rows per core: each load's rows/s over the cores it reported
   * using (Firn's workers, Spark's task slots in use, the plain loader's one thread).
   */
  public static Section of(IngestReport report) {
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
      setup.add("Spark: " + IngestReport.spark());
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
    return new Section(setup, tables, warnings);
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
}
