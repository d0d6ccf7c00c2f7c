package dev.firn.bench.expiry;

import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The expiry and orphan benchmark's results: per job, Firn's figures against Spark's over the
 * successful runs, and one table per job for the suite's document.
 *
 * @param settings the run's parameters
 * @param jvm the child processes' Java options
 * @param table the generated table
 * @param measured each job's runs per engine, in order
 * @param warnings mismatches and failures, in words
 */
public record ExpiryReport(
    ExpirySettings settings,
    ServerJvm jvm,
    HistoryTable table,
    Map<MaintenanceJob, Map<Engine, List<MaintenanceMeasurement>>> measured,
    List<String> warnings)
    implements Harness.Report {
  public static final String FILES_PER_SECOND = "files/s";

  /** Each job's figures in a few lines, Firn's median against Spark's, and the warnings. */
  @Override
  public String render() {
    List<String> lines = new ArrayList<>();
    for (MaintenanceJob job : MaintenanceJob.values()) {
      ScenarioResult result = result(job);
      lines.add(result.title());
      for (FigureRow row : result.rows()) {
        lines.add(
            String.format(
                Locale.ROOT,
                "  %-32s Firn %10s  Spark %10s  ratio %s",
                row.figure(),
                Markdown.number(row.firn().median()),
                Markdown.number(row.reference().median()),
                Markdown.number(row.ratio())));
      }
      result.notes().forEach(note -> lines.add("  " + note));
    }
    warnings.forEach(warning -> lines.add("WARNING: " + warning));
    return String.join("\n", lines);
  }

  /** The job's table: its figures on both engines. */
  ScenarioResult result(MaintenanceJob job) {
    List<FigureRow> rows = new ArrayList<>();
    rows.add(row(job, "job time, s", MaintenanceMeasurement::jobSeconds));
    // Expiry's files are those it would delete; orphan listing's, those it lists.
    ToDoubleFunction<MaintenanceMeasurement> files =
        job == MaintenanceJob.EXPIRY ? run -> run.line().filesFound() : run -> table.objects();
    rows.add(row(job, FILES_PER_SECOND, run -> files.applyAsDouble(run) / run.jobSeconds()));
    if (job == MaintenanceJob.EXPIRY) {
      rows.add(row(job, "snapshots/s", run -> run.line().snapshotsExpired() / run.jobSeconds()));
      rows.add(row(job, "snapshots expired", run -> run.line().snapshotsExpired()));
      rows.add(row(job, "files to delete", run -> run.line().filesFound()));
    } else {
      rows.add(row(job, "orphans found", run -> run.line().filesFound()));
    }
    rows.add(row(job, "process wall time (both jobs), s", run -> run.wallSeconds()));
    rows.add(
        row(
            job,
            "start-up inside the process, s",
            run -> run.line().outcome().startupMillis() / 1e3));
    rows.add(
        row(
            job,
            "process peak resident set (both jobs), MB",
            MaintenanceMeasurement::peakRssMegabytes));
    rows.add(row(job, "process peak heap in use (GC log), MB", run -> run.heapPeakMegabytes()));
    return new ScenarioResult(title(job), rows, notes(job));
  }

  private String title(MaintenanceJob job) {
    return String.format(
        Locale.ROOT,
        "%s, %,d snapshots, %,d data files",
        job.title(),
        table.snapshots(),
        table.dataFiles());
  }

  private List<String> notes(MaintenanceJob job) {
    String what =
        job == MaintenanceJob.EXPIRY
            ? String.format(
                Locale.ROOT,
                "Expires the %,d oldest snapshots, keeping %,d; files/s counts the files it would"
                    + " delete (manifest lists, manifests, data files) over the job's time.",
                table.expiringSnapshots(),
                table.snapshots() - table.expiringSnapshots())
            : String.format(
                Locale.ROOT,
                "Lists the %,d objects under the table's location and finds the %,d planted"
                    + " orphans; files/s counts the objects listed over the job's time.",
                table.objects(),
                table.orphans());
    return List.of(
        what,
        String.format(
            Locale.ROOT,
            "Successful runs: Firn %d of %d, Spark %d of %d; Firn and Spark found the same files"
                + " in every pair: %s.",
            successes(job, Engine.FIRN),
            measured.get(job).get(Engine.FIRN).size(),
            successes(job, Engine.SPARK),
            measured.get(job).get(Engine.SPARK).size(),
            warnings.stream().anyMatch(w -> w.startsWith(job.title()))
                ? "NO (see warnings)"
                : "yes"));
  }

  private FigureRow row(
      MaintenanceJob job, String figure, ToDoubleFunction<MaintenanceMeasurement> value) {
    return new FigureRow(
        figure, summary(job, Engine.FIRN, value), summary(job, Engine.SPARK, value));
  }

  private Summary summary(
      MaintenanceJob job, Engine engine, ToDoubleFunction<MaintenanceMeasurement> value) {
    return Summary.of(
        measured.get(job).get(engine).stream()
            .filter(MaintenanceMeasurement::succeeded)
            .map(run -> value.applyAsDouble(run))
            .toList());
  }

  private long successes(MaintenanceJob job, Engine engine) {
    return measured.get(job).get(engine).stream().filter(MaintenanceMeasurement::succeeded).count();
  }

  /** Every failed run, in words, for the section's warnings. */
  List<String> failures() {
    List<String> failed = new ArrayList<>();
    measured
        .values()
        .forEach(
            byEngine ->
                byEngine.values().stream()
                    .flatMap(List::stream)
                    .filter(run -> !run.succeeded())
                    .forEach(run -> failed.add(run.describe())));
    return failed;
  }
}
