package dev.firn.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The ingestion benchmark's results as Markdown: what ran where, the inputs, and per format a table
 * of Firn's writer against the plain Iceberg loader. It reports figures; it passes no judgement.
 *
 * @param started when the run began
 * @param took how long it ran
 * @param machine the machine and Java
 * @param settings the run's parameters
 * @param versions Firn's and Iceberg's versions
 * @param loaderJvm the loader processes' Java options
 * @param serverJvm the catalog server's Java options
 * @param formats each format's loads
 */
record IngestReport(
    Instant started,
    Duration took,
    MachineInfo machine,
    IngestSettings settings,
    MarkdownReport.Versions versions,
    ServerJvm loaderJvm,
    ServerJvm serverJvm,
    List<FormatResult> formats) {

  String render() {
    StringBuilder out = new StringBuilder();
    MarkdownReport.heading(
        out,
        "Ingestion benchmark: Firn's writer and a plain Iceberg loader",
        started,
        took,
        settings.quick());
    new IngestReportSetup(machine, settings, versions, loaderJvm, serverJvm, formats).append(out);
    out.append(
        "Each ratio is Firn's median divided by the baseline's median. For rows/s and MB/s a"
            + " ratio above 1 means Firn loads faster; for times and memory, above 1 means Firn"
            + " takes more.\n\n");
    formats.forEach(format -> table(out, format));
    warnings(out);
    return out.toString();
  }

  private static void table(StringBuilder out, FormatResult result) {
    InputSet input = result.input();
    out.append(
        String.format(
            Locale.ROOT,
            "## %s: %,d rows, %,d bytes in %d files%n%n",
            input.format().label(),
            input.rows(),
            input.bytes(),
            input.files().size()));
    out.append(
        "| figure | Firn median | Firn min | Firn max | baseline median | baseline min |"
            + " baseline max | Firn/baseline |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (FigureRow row : rows(result)) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
              row.figure(),
              MarkdownReport.number(row.firn().median()),
              MarkdownReport.number(row.firn().min()),
              MarkdownReport.number(row.firn().max()),
              MarkdownReport.number(row.reference().median()),
              MarkdownReport.number(row.reference().min()),
              MarkdownReport.number(row.reference().max()),
              Double.isFinite(row.ratio())
                  ? String.format(Locale.ROOT, "%.2f", row.ratio())
                  : "n/a"));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nSuccessful loads: Firn %d of %d, baseline %d of %d.%n%n",
            result.measured().get(Loader.FIRN).size() - result.failures(Loader.FIRN),
            result.measured().get(Loader.FIRN).size(),
            result.measured().get(Loader.BASELINE).size() - result.failures(Loader.BASELINE),
            result.measured().get(Loader.BASELINE).size()));
  }

  /** The figures of one format, Firn's writer against the baseline. */
  static List<FigureRow> rows(FormatResult result) {
    List<FigureRow> rows = new ArrayList<>();
    rows.add(row(result, "rows/s", LoadMeasurement::rowsPerSecond));
    rows.add(row(result, "input MB/s", LoadMeasurement::megabytesPerSecond));
    rows.add(row(result, "load time, s", load -> load.line().seconds()));
    rows.add(row(result, "process wall time, s", LoadMeasurement::wallSeconds));
    rows.add(row(result, "peak resident set (VmHWM), MB", LoadMeasurement::peakRssMegabytes));
    rows.add(row(result, "peak heap in use (GC log), MB", load -> load.heapPeakMegabytes()));
    rows.add(row(result, "rows loaded", load -> load.line().rows()));
    rows.add(row(result, "data files written", load -> load.line().dataFiles()));
    rows.add(row(result, "bytes written, MB", load -> load.line().bytesWritten() / 1048576.0));
    return rows;
  }

  private static FigureRow row(
      FormatResult result, String figure, ToDoubleFunction<LoadMeasurement> value) {
    return new FigureRow(
        figure, result.summary(Loader.FIRN, value), result.summary(Loader.BASELINE, value));
  }

  private void warnings(StringBuilder out) {
    out.append("## Loads\n\n");
    for (FormatResult format : formats) {
      format
          .warmUps()
          .forEach(load -> out.append("- warm-up: ").append(load.describe()).append('\n'));
      for (Loader loader : Loader.values()) {
        format
            .measured()
            .get(loader)
            .forEach(load -> out.append("- ").append(load.describe()).append('\n'));
      }
    }
    out.append('\n');
  }
}
