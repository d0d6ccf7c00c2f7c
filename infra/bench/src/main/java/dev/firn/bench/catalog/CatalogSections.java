package dev.firn.bench.catalog;

import dev.firn.bench.core.Alternation;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.MemoryPeak;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Section;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loadTable and commit sections a catalog run gives the suite: its figures, with each server's
 * peak memory.
 */
public final class CatalogSections {
  private CatalogSections() {}

  /** How both the loadTable and the commit sections ran. */
  private static List<String> setup(MarkdownReport report, BenchSettings settings) {
    return List.of(
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
  }

  /**
   * The commit section; {@code warnings} says whether it carries the run's warnings, which go to
   * the run's first section only.
   */
  public static Section commits(MarkdownReport report, BenchSettings settings, boolean warnings) {
    List<String> commitSetup = new ArrayList<>(setup(report, settings));
    commitSetup.add(
        "each writer its own `RESTCatalog`, `newFastAppend()` of one data file per commit on a"
            + " fresh table per repetition; latency includes client retries. The tables set"
            + " `firn.commit.rebase-appends=true`, so Firn puts an append that lost a race on"
            + " the new head instead of answering 409 (the reference server ignores the"
            + " property)");
    commitSetup.addAll(commitSides(report, settings));
    List<String> titles = settings.commitScenarios().stream().map(CommitScenario::title).toList();
    return new Section(
        commitSetup,
        withMemory(titled(report, titles), serverMemory(report.memory())),
        warnings ? report.warnings() : List.of());
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

  /** The loadTable section, with the run's warnings. */
  public static Section load(MarkdownReport report, BenchSettings settings) {
    LoadedTable firn = report.loadedTables().get(Side.FIRN);
    LoadedTable reference = report.loadedTables().get(Side.REFERENCE);
    List<String> loadSetup = new ArrayList<>(setup(report, settings));
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
    return new Section(
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
}
