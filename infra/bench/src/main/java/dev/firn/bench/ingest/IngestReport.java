package dev.firn.bench.ingest;

import dev.firn.bench.core.FigureRow;
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
    List<FormatResult> formats) {

  String render() {
    StringBuilder out = new StringBuilder();
    Markdown.heading(
        out,
        "Ingestion benchmark: Firn's writer and " + settings.reference().label(),
        stamp.started(),
        stamp.took(),
        settings.quick());
    new IngestReportSetup(this).append(out);
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
}
