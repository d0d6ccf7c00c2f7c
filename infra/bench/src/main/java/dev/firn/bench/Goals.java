package dev.firn.bench;

import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.TableVariant;
import dev.firn.bench.expiry.ExpiryReport;
import dev.firn.bench.ingest.IngestSection;
import java.util.ArrayList;
import java.util.List;

/**
 * Firn's performance goals against the reference implementations, as the benchmark plan states
 * them, and their checks against a run's tables. Memory has no numeric goal ("bounded whatever the
 * table size"); the tables show each process's peak instead.
 */
final class Goals {
  static final String POSTGRES = Side.FIRN_POSTGRES.label();

  static final List<Goal> ALL =
      List.of(
          new Goal(
              SuiteScenario.LOAD_TABLE,
              TableVariant.ANY,
              "requests/s",
              Goal.Bound.RATIO_AT_LEAST,
              3,
              "at least 3x the reference server's requests/s"),
          new Goal(
              SuiteScenario.LOAD_TABLE,
              TableVariant.ANY,
              "latency p99, ms",
              Goal.Bound.RATIO_AT_MOST,
              1.0 / 3,
              "p99 latency at most a third of the reference server's"),
          new Goal(
              SuiteScenario.COMMITS,
              TableVariant.writers(1),
              "commits/s",
              Goal.Bound.RATIO_AT_LEAST,
              1.5,
              "one writer: at least 1.5x the reference server's commits/s"),
          new Goal(
              SuiteScenario.COMMITS,
              TableVariant.writers(8),
              "commits/s",
              Goal.Bound.RATIO_AT_LEAST,
              2,
              "8 writers on one table: at least 2x the reference server's commits/s"),
          new Goal(
              SuiteScenario.COMMITS,
              TableVariant.ANY,
              "latency p99, ms",
              Goal.Bound.FIRN_BELOW,
              1000,
              "commit p99 latency under 1 s (1,000 ms)"),
          new Goal(
              SuiteScenario.COMMITS,
              TableVariant.writers(1),
              "commits/s",
              Goal.Bound.RATIO_AT_LEAST,
              1.5,
              "Firn on PostgreSQL, one writer: at least 1.5x the reference server's commits/s",
              POSTGRES),
          new Goal(
              SuiteScenario.COMMITS,
              TableVariant.writers(8),
              "commits/s",
              Goal.Bound.RATIO_AT_LEAST,
              2,
              "Firn on PostgreSQL, 8 writers on one table: at least 2x the reference server's"
                  + " commits/s",
              POSTGRES),
          new Goal(
              SuiteScenario.COMMITS,
              TableVariant.ANY,
              "latency p99, ms",
              Goal.Bound.FIRN_BELOW,
              1000,
              "Firn on PostgreSQL: commit p99 latency under 1 s (1,000 ms)",
              POSTGRES),
          new Goal(
              SuiteScenario.INGEST,
              TableVariant.ANY,
              IngestSection.ROWS_PER_CORE,
              Goal.Bound.RATIO_AT_LEAST,
              1,
              "rows/s per core at least equal to Spark INSERT's, each over the cores it used"),
          new Goal(
              SuiteScenario.COMPACTION,
              TableVariant.ANY,
              "input MB/s over the job",
              Goal.Bound.RATIO_AT_LEAST,
              2,
              "at least 2x Spark rewrite_data_files' MB/s"),
          new Goal(
              SuiteScenario.EXPIRY,
              TableVariant.ANY,
              ExpiryReport.FILES_PER_SECOND,
              Goal.Bound.RATIO_AT_LEAST,
              1,
              "at least Spark's files/s (the plan sets no number here beyond bounded memory;"
                  + " equal speed is the bar)"));

  private Goals() {}

  /** Every goal of {@code scenario}, checked against each of its tables it applies to. */
  static List<GoalCheck> check(SuiteScenario scenario, List<ScenarioResult> tables) {
    List<GoalCheck> checks = new ArrayList<>();
    for (Goal goal : ALL) {
      for (ScenarioResult table : tables) {
        if (goal.appliesTo(scenario, table)) {
          checks.add(goal.check(table));
        }
      }
    }
    return checks;
  }
}
