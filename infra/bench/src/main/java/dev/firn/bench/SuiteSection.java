package dev.firn.bench;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.CatalogSections;
import dev.firn.bench.catalog.MarkdownReport;
import dev.firn.bench.compaction.CompactionReport;
import dev.firn.bench.compaction.CompactionSection;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Section;
import dev.firn.bench.core.Summary;
import dev.firn.bench.expiry.ExpiryReport;
import dev.firn.bench.expiry.ExpirySection;
import dev.firn.bench.ingest.IngestReport;
import dev.firn.bench.ingest.IngestSection;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's results in the suite's document.
 *
 * @param scenario the scenario
 * @param setup how it ran, one line each
 * @param tables its tables, each a figure per row with both sides' repetitions
 * @param warnings what went wrong, if anything
 */
record SuiteSection(
    SuiteScenario scenario,
    List<String> setup,
    List<ScenarioResult> tables,
    List<String> warnings) {
  SuiteSection {
    setup = List.copyOf(setup);
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }

  SuiteSection(SuiteScenario scenario, Section section) {
    this(scenario, section.setup(), section.tables(), section.warnings());
  }

  /** The loadTable and commit sections of one catalog run, for the scenarios it ran. */
  static List<SuiteSection> catalog(MarkdownReport report, BenchSettings settings) {
    List<SuiteSection> sections = new ArrayList<>();
    if (!settings.loadThreads().isEmpty()) {
      sections.add(
          new SuiteSection(SuiteScenario.LOAD_TABLE, CatalogSections.load(report, settings)));
    }
    if (!settings.writers().isEmpty()) {
      sections.add(
          new SuiteSection(
              SuiteScenario.COMMITS,
              CatalogSections.commits(report, settings, sections.isEmpty())));
    }
    return sections;
  }

  static SuiteSection ingest(IngestReport report) {
    return new SuiteSection(SuiteScenario.INGEST, IngestSection.of(report));
  }

  static SuiteSection compaction(CompactionReport report) {
    return new SuiteSection(SuiteScenario.COMPACTION, CompactionSection.of(report));
  }

  static SuiteSection expiry(ExpiryReport report) {
    return new SuiteSection(SuiteScenario.EXPIRY, ExpirySection.of(report));
  }

  List<GoalCheck> goals() {
    return Goals.check(scenario, tables);
  }

  /** The chart of this section: the scenario's chart figure of every table that has it. */
  BarChart chart() {
    List<FigureRow> rows =
        tables.stream()
            .flatMap(table -> table.rows().stream())
            .filter(row -> row.figure().equals(scenario.chartFigure))
            .toList();
    // Every further side any table has, so that each group draws the same bars.
    List<String> others =
        rows.stream().flatMap(row -> row.others().keySet().stream()).distinct().toList();
    Summary missing = new Summary(Double.NaN, Double.NaN, Double.NaN);
    List<BarChart.Group> groups =
        tables.stream()
            .flatMap(
                table ->
                    table.rows().stream()
                        .filter(row -> row.figure().equals(scenario.chartFigure))
                        .map(
                            row ->
                                new BarChart.Group(
                                    label(table),
                                    row.firn(),
                                    row.reference(),
                                    others.stream()
                                        .map(other -> row.others().getOrDefault(other, missing))
                                        .toList())))
            .toList();
    return new BarChart(
        scenario.heading() + ": Firn and " + scenario.reference,
        scenario.chartAxis,
        "Firn",
        scenario.reference,
        groups,
        others);
  }

  /** A table's title without the scenario's name, which the chart's title already gives. */
  private String label(ScenarioResult table) {
    // "Commits, 8 writers" becomes "8 writers", "Commits over 32 tables, ..." "over 32 tables,
    // ...".
    for (String prefix : List.of(scenario.title + ", ", scenario.title + " ")) {
      if (table.title().startsWith(prefix)) {
        return table.title().substring(prefix.length());
      }
    }
    return table.title();
  }
}
