package dev.firn.bench.compaction;

import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FigureRow;
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
    List<String> load) {

  /** The software under comparison. */
  record Versions(String firn, String iceberg, String spark, String sparkIceberg) {}

  String render() {
    StringBuilder out = new StringBuilder();
    Markdown.heading(
        out,
        "Compaction benchmark: Firn's JVM compaction and the Spark engine",
        stamp.started(),
        stamp.took(),
        settings.quick());
    new CompactionReportSetup(this).append(out);
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
}
