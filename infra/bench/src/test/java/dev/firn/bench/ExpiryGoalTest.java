package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Summary;
import dev.firn.bench.expiry.ExpiryReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryGoalTest {
  @Test
  void eachJobOfScenarioFiveIsHeldToSparksFilesPerSecond() {
    List<GoalCheck> checks =
        Goals.check(
            SuiteScenario.EXPIRY,
            List.of(
                table("Snapshot expiry, 1,000 snapshots, 10,000 data files", 300, 100),
                table("Orphan listing, 1,000 snapshots, 10,000 data files", 90, 100)));

    assertThat(checks).hasSize(2);
    assertThat(checks.get(0).measured()).isEqualTo(3.0);
    assertThat(checks.get(0).met()).isTrue();
    assertThat(checks.get(1).measured()).isEqualTo(0.9);
    assertThat(checks.get(1).met()).isFalse();
    assertThat(checks.get(1).verdict()).isEqualTo("missed by 10%: Firn needs 1.11x its figure");
  }

  @Test
  void equalSpeedMeetsTheGoal() {
    GoalCheck check =
        Goals.check(SuiteScenario.EXPIRY, List.of(table("Orphan listing, x", 50, 50))).get(0);

    assertThat(check.met()).isTrue();
    assertThat(check.goal().describeTarget()).isEqualTo("at least 1.00x");
  }

  @Test
  void otherScenariosGoalsDoNotApply() {
    assertThat(Goals.check(SuiteScenario.COMPACTION, List.of(table("Orphan listing", 1, 2))))
        .allSatisfy(
            check -> assertThat(check.goal().scenario()).isEqualTo(SuiteScenario.COMPACTION));
  }

  private static ScenarioResult table(String title, double firn, double spark) {
    return new ScenarioResult(
        title,
        List.of(
            new FigureRow("job time, s", summary(1), summary(1)),
            new FigureRow(ExpiryReport.FILES_PER_SECOND, summary(firn), summary(spark))),
        List.of());
  }

  private static Summary summary(double value) {
    return new Summary(value, value, value);
  }
}
