package dev.firn.bench.compaction;

import dev.firn.bench.core.Engine;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The compaction section a run gives the suite: its figures for each of Firn's variants. */
public final class CompactionSection {
  private CompactionSection() {}

  public static Section of(CompactionReport report) {
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
    return new Section(setup, results, warnings);
  }
}
