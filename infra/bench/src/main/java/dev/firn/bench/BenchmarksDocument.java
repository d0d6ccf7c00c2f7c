package dev.firn.bench;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.MachineInfo;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code docs/benchmarks.md}: the machine and versions, then per scenario its setup, chart, one
 * table per variant with medians, ranges and ratios, and Firn's goals with whether each was met.
 */
record BenchmarksDocument(SuiteRun run, String chartFolder) {
  static final String ANALYSIS = "analysis.md";
  static final String COMMAND =
      "java -cp infra/bench/target/firn-bench.jar dev.firn.bench.Benchmarks";

  /** Parts of the benchmark plan that the suite does not run yet. */
  static final List<String> OPEN =
      List.of(
          "Scenario 3 at the plan's 1 GB per format: the suite loads 32 MB per format to stay"
              + " within 30 minutes; `--ingest-mb 1024` runs the plan's size, and one repetition"
              + " of it (`IngestBenchmark --size-mb 1024 --repetitions 1`) is in"
              + " [benchmarks-plan-sizes.md](benchmarks-plan-sizes.md).",
          "Scenario 4's 2,000-file (about 2 GB) table: Spark alone takes minutes per run here, so"
              + " it runs outside the suite, `CompactionBenchmark --files 2000 --size-mb 2048"
              + " --target-mb 128`; one repetition of it is in"
              + " [benchmarks-plan-sizes.md](benchmarks-plan-sizes.md).",
          "Scenario 5 at the plan's 10,000 snapshots and 100,000 files (the suite's table is"
              + " smaller: listing on the embedded S3 store slows with the objects under a prefix;"
              + " `ExpiryBenchmark --snapshots 10000 --files 100000` runs it).");

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Firn benchmarks\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Written by `%s%s` on %s; the run took %s. Each side runs on the same machine in the"
                + " same run, alternating, so ratios matter more than absolute figures: the"
                + " machine is shared and noisy. Ratios are Firn's median over the reference's.%n%n",
            COMMAND,
            run.quick() ? " --quick" : "",
            run.stamp().started().truncatedTo(ChronoUnit.SECONDS),
            duration(run.stamp().took())));
    setup(out);
    goalSummary(out);
    run.sections().forEach(section -> section(out, section));
    out.append(analysis());
    out.append("## Not in the suite: the plan's full sizes\n\n");
    OPEN.forEach(item -> out.append("- ").append(item).append('\n'));
    return out.toString();
  }

  /**
   * What profiles show where Firn misses a goal: written by hand, kept next to this class, since a
   * profile is read, not measured, and must be revisited when the figures move.
   */
  static String analysis() {
    try (InputStream in = BenchmarksDocument.class.getResourceAsStream(ANALYSIS)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + ANALYSIS, e);
    }
  }

  private void setup(StringBuilder out) {
    MachineInfo machine = run.stamp().machine();
    out.append("## Machine and versions\n\n| | |\n|---|---|\n");
    Markdown.row(out, "Cores", Integer.toString(machine.cores()));
    Markdown.row(out, "Memory", machine.totalMemoryMegabytes() + " MB");
    Markdown.row(out, "Processor", machine.cpu());
    Markdown.row(out, "System", machine.os());
    Markdown.row(out, "Java", machine.java());
    run.software().forEach((name, version) -> Markdown.row(out, name, version));
    Markdown.row(
        out,
        "Load average (1, 5, 15 min)",
        run.load().get(0) + " at the start, " + run.load().get(1) + " at the end");
    StringBuilder timings = new StringBuilder();
    for (Map.Entry<String, Duration> timing : run.timings().entrySet()) {
      timings.append(timings.length() == 0 ? "" : "; ");
      timings.append(timing.getKey()).append(' ').append(duration(timing.getValue()));
    }
    Markdown.row(out, "Time per harness", timings.toString());
    out.append('\n');
  }

  private void goalSummary(StringBuilder out) {
    out.append("## Goals\n\n");
    out.append("| scenario | table | goal | measured | verdict |\n|---|---|---|--:|---|\n");
    for (SuiteSection section : run.sections()) {
      for (GoalCheck check : section.goals()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s |%n",
                section.scenario().heading(),
                check.table(),
                check.goal().statement(),
                check.describeMeasured(),
                check.verdict()));
      }
    }
    out.append(
        "\nMemory has no numeric goal (\"bounded whatever the table size\"): each table gives"
            + " the peak resident set of each process.\n\n");
  }

  private void section(StringBuilder out, SuiteSection section) {
    SuiteScenario scenario = section.scenario();
    out.append("## ").append(scenario.heading()).append("\n\n");
    out.append("Firn against ").append(scenario.reference).append(".\n\n");
    section.setup().forEach(line -> out.append("- ").append(line).append('\n'));
    out.append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "![%s](%s/%s)%n%n",
            scenario.heading() + ": " + scenario.chartFigure,
            chartFolder,
            scenario.chartFile()));
    for (ScenarioResult table : section.tables()) {
      table(out, table, scenario.reference);
    }
    List<GoalCheck> goals = section.goals();
    if (!goals.isEmpty()) {
      out.append("Goals:\n\n");
      for (GoalCheck check : goals) {
        out.append(
            String.format(
                Locale.ROOT,
                "- %s, %s (%s): %s, %s.%n",
                check.table(),
                check.goal().statement(),
                check.goal().describeTarget(),
                check.describeMeasured(),
                check.verdict()));
      }
      out.append('\n');
    }
    if (!section.warnings().isEmpty()) {
      out.append("Warnings:\n\n");
      Markdown.warnings(out, section.warnings());
      out.append('\n');
    }
  }

  private static void table(StringBuilder out, ScenarioResult table, String reference) {
    out.append("### ").append(table.title()).append("\n\n");
    // Further sides get three columns each after the reference's: median, range, ratio to it.
    List<String> others =
        table.rows().stream().flatMap(row -> row.others().keySet().stream()).distinct().toList();
    out.append(
        String.format(
            Locale.ROOT,
            "| figure | Firn median | Firn min–max | %1$s median | %1$s min–max | Firn/%1$s |",
            reference));
    others.forEach(
        other ->
            out.append(
                String.format(
                    Locale.ROOT, " %1$s median | %1$s min–max | %1$s/%2$s |", other, reference)));
    out.append("\n|---|--:|--:|--:|--:|--:|").append("--:|--:|--:|".repeat(others.size()));
    out.append('\n');
    Summary missing = new Summary(Double.NaN, Double.NaN, Double.NaN);
    for (FigureRow row : table.rows()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s |",
              row.figure(),
              Markdown.number(row.firn().median()),
              range(row.firn()),
              Markdown.number(row.reference().median()),
              range(row.reference()),
              Markdown.ratio(row.ratio())));
      for (String other : others) {
        Summary summary = row.others().getOrDefault(other, missing);
        out.append(
            String.format(
                Locale.ROOT,
                " %s | %s | %s |",
                Markdown.number(summary.median()),
                range(summary),
                Markdown.ratio(row.ratio(other))));
      }
      out.append('\n');
    }
    out.append('\n');
    table.notes().forEach(note -> out.append(note).append("  \n"));
    out.append('\n');
  }

  private static String range(Summary summary) {
    return Markdown.number(summary.min()) + "–" + Markdown.number(summary.max());
  }

  static String duration(Duration took) {
    return String.format(Locale.ROOT, "%d min %02d s", took.toMinutes(), took.toSecondsPart());
  }
}
