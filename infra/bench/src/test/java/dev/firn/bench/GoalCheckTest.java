package dev.firn.bench;

import static dev.firn.bench.Goal.Bound.FIRN_BELOW;
import static dev.firn.bench.Goal.Bound.RATIO_AT_LEAST;
import static dev.firn.bench.Goal.Bound.RATIO_AT_MOST;
import static dev.firn.bench.SuiteScenario.COMMITS;
import static dev.firn.bench.SuiteScenario.LOAD_TABLE;
import static dev.firn.bench.core.TableVariant.ANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoalCheckTest {
  private static final Goal AT_LEAST =
      new Goal(COMMITS, TableVariant.writers(1), "commits/s", RATIO_AT_LEAST, 1.5)
          .stated("at least 1.5x");
  private static final Goal AT_MOST =
      new Goal(LOAD_TABLE, ANY, "latency p99, ms", RATIO_AT_MOST, 1.0 / 3).stated("a third");
  private static final Goal BELOW =
      new Goal(COMMITS, ANY, "latency p99, ms", FIRN_BELOW, 1000).stated("under 1 s");

  @Test
  void aRatioAboveTheFloorMeetsAnAtLeastGoal() {
    GoalCheck check = AT_LEAST.check(table("Commits, 1 writer", "commits/s", 30, 10));

    assertThat(check.measured()).isEqualTo(3.0);
    assertThat(check.met()).isTrue();
    assertThat(check.missFactor()).isEqualTo(1);
    assertThat(check.verdict()).isEqualTo("met");
  }

  @Test
  void aRatioBelowTheFloorMissesByTheFactorFirnLacks() {
    GoalCheck check = AT_LEAST.check(table("Commits, 1 writer", "commits/s", 9.5, 10));

    assertThat(check.met()).isFalse();
    assertThat(check.missFactor()).isCloseTo(1.5 / 0.95, within(1e-9));
    assertThat(check.verdict()).isEqualTo("missed by 37%: Firn needs 1.58x its figure");
  }

  @Test
  void aRatioAboveTheCeilingMissesAnAtMostGoal() {
    GoalCheck met = AT_MOST.check(table("loadTable, 8 threads", "latency p99, ms", 20, 100));
    GoalCheck missed = AT_MOST.check(table("loadTable, 8 threads", "latency p99, ms", 50, 100));

    assertThat(met.met()).isTrue();
    assertThat(missed.met()).isFalse();
    assertThat(missed.missFactor()).isCloseTo(1.5, within(1e-9));
    assertThat(missed.verdict())
        .isEqualTo("missed: 1.50x the bound, Firn's figure must fall by 33%");
  }

  @Test
  void anAbsoluteBoundLooksAtFirnsMedianOnly() {
    GoalCheck met = BELOW.check(table("Commits, 8 writers", "latency p99, ms", 999, 5000));
    GoalCheck missed = BELOW.check(table("Commits, 8 writers", "latency p99, ms", 4000, 10));

    assertThat(met.measured()).isEqualTo(999);
    assertThat(met.met()).isTrue();
    assertThat(missed.met()).isFalse();
    assertThat(missed.missFactor()).isEqualTo(4.0);
    assertThat(missed.describeMeasured()).isEqualTo("4000 ms");
  }

  @Test
  void aMissingFigureIsNotMeasuredAndNotMet() {
    GoalCheck noRow = AT_LEAST.check(table("Commits, 1 writer", "requests/s", 30, 10));
    GoalCheck noReference = AT_LEAST.check(table("Commits, 1 writer", "commits/s", 30, Double.NaN));

    assertThat(noRow.met()).isFalse();
    assertThat(noRow.verdict()).isEqualTo("not measured");
    assertThat(noReference.met()).isFalse();
    assertThat(noReference.missFactor()).isNaN();
  }

  @Test
  void goalsApplyToTheTablesTheirVariantNames() {
    List<ScenarioResult> tables =
        List.of(
            table("Commits, 1 writer", TableVariant.writers(1), "commits/s", 12, 10),
            table("Commits, 8 writers", TableVariant.writers(8), "commits/s", 30, 10),
            table(
                "Server memory over the whole catalog run",
                TableVariant.MEMORY,
                "peak resident set, MB",
                1,
                1));

    List<GoalCheck> checks = Goals.check(SuiteScenario.COMMITS, tables);

    assertThat(checks)
        .extracting(check -> check.table() + ": " + check.goal().statement())
        .containsExactly(
            "Commits, 1 writer: one writer: at least 1.5x the reference server's commits/s",
            "Commits, 8 writers: 8 writers on one table: at least 2x the reference server's"
                + " commits/s",
            "Commits, 1 writer: commit p99 latency under 1 s (1,000 ms)",
            "Commits, 8 writers: commit p99 latency under 1 s (1,000 ms)");
    assertThat(checks).extracting(GoalCheck::met).containsExactly(false, true, false, false);
  }

  private static ScenarioResult table(String title, String figure, double firn, double reference) {
    return table(title, TableVariant.ANY, figure, firn, reference);
  }

  private static ScenarioResult table(
      String title, TableVariant variant, String figure, double firn, double reference) {
    return new ScenarioResult(
        title,
        variant,
        List.of(
            new FigureRow(
                figure,
                new Summary(firn, firn, firn),
                new Summary(reference, reference, reference))),
        List.of());
  }
}
