package dev.firn.bench;

import static dev.firn.bench.Goal.Bound.FIRN_BELOW;
import static dev.firn.bench.Goal.Bound.RATIO_AT_LEAST;
import static dev.firn.bench.Goal.Bound.RATIO_AT_MOST;
import static dev.firn.bench.SuiteScenario.COMMITS;
import static dev.firn.bench.SuiteScenario.COMPACTION;
import static dev.firn.bench.SuiteScenario.EXPIRY;
import static dev.firn.bench.SuiteScenario.INGEST;
import static dev.firn.bench.SuiteScenario.LOAD_TABLE;
import static dev.firn.bench.core.TableVariant.ANY;

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
          new Goal(LOAD_TABLE, ANY, "requests/s", RATIO_AT_LEAST, 3)
              .stated("at least 3x the reference server's requests/s"),
          new Goal(LOAD_TABLE, ANY, "latency p99, ms", RATIO_AT_MOST, 1.0 / 3)
              .stated("p99 latency at most a third of the reference server's"),
          new Goal(COMMITS, TableVariant.writers(1), "commits/s", RATIO_AT_LEAST, 1.5)
              .stated("one writer: at least 1.5x the reference server's commits/s"),
          new Goal(COMMITS, TableVariant.writers(8), "commits/s", RATIO_AT_LEAST, 2)
              .stated("8 writers on one table: at least 2x the reference server's commits/s"),
          new Goal(COMMITS, ANY, "latency p99, ms", FIRN_BELOW, 1000)
              .stated("commit p99 latency under 1 s (1,000 ms)"),
          new Goal(COMMITS, TableVariant.writers(1), "commits/s", RATIO_AT_LEAST, 1.5)
              .stated(
                  "Firn on PostgreSQL, one writer: at least 1.5x the reference server's commits/s")
              .on(POSTGRES),
          new Goal(COMMITS, TableVariant.writers(8), "commits/s", RATIO_AT_LEAST, 2)
              .stated(
                  "Firn on PostgreSQL, 8 writers on one table: at least 2x the reference server's"
                      + " commits/s")
              .on(POSTGRES),
          new Goal(COMMITS, ANY, "latency p99, ms", FIRN_BELOW, 1000)
              .stated("Firn on PostgreSQL: commit p99 latency under 1 s (1,000 ms)")
              .on(POSTGRES),
          new Goal(INGEST, ANY, IngestSection.ROWS_PER_CORE, RATIO_AT_LEAST, 1)
              .stated(
                  "rows/s per core at least equal to Spark INSERT's, each over the cores it used"),
          new Goal(COMPACTION, ANY, "input MB/s over the job", RATIO_AT_LEAST, 2)
              .stated("at least 2x Spark rewrite_data_files' MB/s"),
          new Goal(EXPIRY, ANY, ExpiryReport.FILES_PER_SECOND, RATIO_AT_LEAST, 1)
              .stated(
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
