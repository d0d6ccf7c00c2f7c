package dev.firn.bench;

import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.expiry.ExpiryReport;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scenarios {@link Benchmarks} runs, numbered as in the benchmark plan. Each names its option
 * for {@code --only}, what Firn is compared with, and the figure its chart shows.
 *
 * <p>A scenario is a constant here, a harness returning {@link ScenarioResult}s, a case in {@link
 * SuiteSection} and its goals in {@link Goals}.
 */
enum SuiteScenario {
  LOAD_TABLE(1, "loadtable", "loadTable", "reference server", "requests/s", "requests per second"),
  COMMITS(2, "commits", "Commits", "reference server", "commits/s", "commits per second"),
  INGEST(3, "ingest", "Ingestion", "Spark INSERT", "input MB/s", "input MB per second"),
  COMPACTION(
      4,
      "compaction",
      "Compaction",
      "Spark",
      "input MB/s over the job",
      "input MB per second (job)"),
  EXPIRY(
      5,
      "expiry",
      "Expiry and orphans",
      "Spark",
      ExpiryReport.FILES_PER_SECOND,
      "files per second (job)");

  final int number;
  final String option;
  final String title;
  // Who Firn is compared with.
  final String reference;
  // The figure of each table that the chart draws, and the chart's value axis.
  final String chartFigure;
  final String chartAxis;

  SuiteScenario(
      int number,
      String option,
      String title,
      String reference,
      String chartFigure,
      String chartAxis) {
    this.number = number;
    this.option = option;
    this.title = title;
    this.reference = reference;
    this.chartFigure = chartFigure;
    this.chartAxis = chartAxis;
  }

  static Optional<SuiteScenario> byOption(String option) {
    String wanted = option.trim().toLowerCase(Locale.ROOT);
    return Stream.of(values())
        .filter(scenario -> scenario.option.equals(wanted) || wanted.equals("" + scenario.number))
        .findFirst();
  }

  /** The heading in the document, e.g. "1. loadTable". */
  String heading() {
    return number + ". " + title;
  }

  /** The chart's file name under {@code docs/benchmarks/}. */
  String chartFile() {
    return "scenario-" + number + "-" + option + ".png";
  }
}
