package dev.firn.bench;

import static dev.firn.bench.Goal.Bound.RATIO_AT_LEAST;
import static dev.firn.bench.SuiteScenario.COMMITS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.bench.catalog.CommitScenario;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;

/** A third side (Firn on PostgreSQL) in tables, charts, the document and the goals. */
class FurtherSidesTest {
  private static final String POSTGRES = Side.FIRN_POSTGRES.label();
  // Eight writers over 32 tables, without Firn on PostgreSQL.
  private static final ScenarioResult SPREAD =
      new ScenarioResult(
          new CommitScenario(8, 32).title(),
          TableVariant.commits(8, 32),
          List.of(new FigureRow("commits/s", new Summary(12, 11, 13), new Summary(10, 9, 11))),
          List.of());

  @Test
  void aFurtherSidesRatioIsOverTheReference() {
    FigureRow row = commitsRow(12, 10, 30);

    assertThat(row.ratio()).isEqualTo(1.2);
    assertThat(row.ratio(POSTGRES)).isEqualTo(3.0);
    assertThat(row.ratio("no such side")).isNaN();
  }

  @Test
  void theDocumentGivesAFurtherSideItsOwnColumnsAfterTheReference() {
    String text = new BenchmarksDocument(run(commitsTable(12, 10, 30)), "charts").render();

    assertThat(text)
        .contains(
            "| figure | Firn median | Firn min–max | reference server median | reference server"
                + " min–max | Firn/reference server | Firn on PostgreSQL median | Firn on PostgreSQL"
                + " min–max | Firn on PostgreSQL/reference server |")
        .contains(
            "| commits/s | 12.0 | 11.0–13.0 | 10.0 | 9.00–11.0 | 1.20 | 30.0 | 29.0–31.0 | 3.00 |");
  }

  @Test
  void goalsOnAFurtherSideBoundItsFigureAndSkipTablesWithoutIt() {
    Goal postgres =
        new Goal(COMMITS, TableVariant.writers(1), "commits/s", RATIO_AT_LEAST, 1.5)
            .stated("on PostgreSQL")
            .on(POSTGRES);
    ScenarioResult withSide = commitsTable(12, 10, 30);
    ScenarioResult withoutSide = TestStamps.oneWriterCommits();

    assertThat(postgres.appliesTo(SuiteScenario.COMMITS, withSide)).isTrue();
    assertThat(postgres.check(withSide).measured()).isEqualTo(3.0);
    assertThat(postgres.check(withSide).met()).isTrue();
    assertThat(postgres.appliesTo(SuiteScenario.COMMITS, withoutSide)).isFalse();
  }

  @Test
  void theSuitesGoalsCheckFirnOnPostgresqlWhereItRan() {
    List<GoalCheck> checks = Goals.check(SuiteScenario.COMMITS, List.of(commitsTable(12, 10, 14)));

    assertThat(checks)
        .filteredOn(check -> POSTGRES.equals(check.goal().other()))
        .filteredOn(check -> check.goal().figure().equals("commits/s"))
        .extracting(GoalCheck::measured)
        .containsExactly(1.4);
  }

  @Test
  void theTwoTimesGoalOfEightWritersOnOneTableLeavesThirtyTwoTablesAlone() {
    assertThat(Goals.check(SuiteScenario.COMMITS, List.of(SPREAD)))
        .extracting(check -> check.goal().figure())
        .containsOnly("latency p99, ms");
  }

  @Test
  void theChartDrawsAFurtherSidesBarsInItsOwnColour() {
    SuiteSection section =
        new SuiteSection(
            SuiteScenario.COMMITS, List.of(), List.of(commitsTable(12, 10, 30)), List.of());

    BarChart chart = section.chart();
    CategoryPlot plot = ChartImage.draw(chart).getCategoryPlot();

    assertThat(chart.otherLabels()).containsExactly(POSTGRES);
    assertThat(chart.groups().get(0).bars())
        .extracting(Summary::median)
        .containsExactly(12.0, 30.0, 10.0);
    assertThat(plot.getDataset().getValue(POSTGRES, "1 writer")).isEqualTo(30.0);
    assertThat(plot.getRenderer().getSeriesPaint(1)).isEqualTo(ChartImage.OTHERS.get(0));
    assertThat(plot.getRenderer().getSeriesPaint(2)).isEqualTo(ChartImage.REFERENCE);
  }

  @Test
  void theChartLabelsTheThirtyTwoTableVariantWithoutTheScenariosName() {
    BarChart chart =
        new SuiteSection(SuiteScenario.COMMITS, List.of(), List.of(SPREAD), List.of()).chart();

    assertThat(chart.groups())
        .extracting(BarChart.Group::label)
        .containsExactly("over 32 tables, 8 writers");
  }

  @Test
  void aChartRefusesAGroupWithoutABarPerFurtherSide() {
    BarChart.Group twoBars = new BarChart.Group("x", new Summary(1, 1, 1), new Summary(1, 1, 1));

    assertThatThrownBy(
            () -> new BarChart("t", "axis", "Firn", "ref", List.of(twoBars), List.of("pg")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 further bars for 1 further sides");
  }

  private static FigureRow commitsRow(double firn, double reference, double postgres) {
    return new FigureRow(
        "commits/s",
        new Summary(firn, firn - 1, firn + 1),
        new Summary(reference, reference - 1, reference + 1),
        Map.of(POSTGRES, new Summary(postgres, postgres - 1, postgres + 1)));
  }

  private static ScenarioResult commitsTable(double firn, double reference, double postgres) {
    return new ScenarioResult(
        "Commits, 1 writer",
        TableVariant.writers(1),
        List.of(commitsRow(firn, reference, postgres)),
        List.of());
  }

  private static SuiteRun run(ScenarioResult table) {
    return new SuiteRun(
        TestStamps.took(Duration.ofMinutes(3)),
        true,
        Map.of(),
        List.of(new SuiteSection(SuiteScenario.COMMITS, List.of(), List.of(table), List.of())),
        Map.of(),
        List.of("1.0", "1.0"));
  }
}
