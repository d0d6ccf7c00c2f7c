package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.LoadedTable;
import dev.firn.bench.catalog.MarkdownReport;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.MemoryPeak;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.Side;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.Versions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteSectionsTest {
  @Test
  void splitsACatalogRunIntoLoadTableAndCommitSectionsEachWithServerMemory() {
    BenchSettings settings = settings(List.of(1));

    List<SuiteSection> sections = SuiteSection.catalog(report(settings), settings);

    assertThat(sections)
        .extracting(SuiteSection::scenario)
        .containsExactly(SuiteScenario.LOAD_TABLE, SuiteScenario.COMMITS);
    assertThat(sections.get(0).tables())
        .extracting(ScenarioResult::title)
        .containsExactly("loadTable, 1 thread", "Server memory over the whole catalog run");
    assertThat(sections.get(1).tables())
        .extracting(ScenarioResult::title)
        .containsExactly("Commits, 1 writer", "Server memory over the whole catalog run");
    FigureRow rss = sections.get(1).tables().get(1).rows().get(0);
    assertThat(rss.firn().median()).isEqualTo(200);
    assertThat(rss.reference().median()).isEqualTo(300);
    assertThat(sections.get(0).warnings()).containsExactly("something odd");
    assertThat(sections.get(1).warnings()).isEmpty();
  }

  @Test
  void aCommitsOnlyRunHasOneSectionCarryingTheWarnings() {
    BenchSettings settings = settings(List.of());

    List<SuiteSection> sections = SuiteSection.catalog(report(settings), settings);

    assertThat(sections).extracting(SuiteSection::scenario).containsExactly(SuiteScenario.COMMITS);
    assertThat(sections.get(0).warnings()).containsExactly("something odd");
  }

  @Test
  void theChartDrawsTheScenarioFigureOfEachTableUnderAShortLabel() {
    BenchSettings settings = settings(List.of(1));

    BarChart chart = SuiteSection.catalog(report(settings), settings).get(0).chart();

    assertThat(chart.valueAxis()).isEqualTo("requests per second");
    assertThat(chart.groups()).extracting(BarChart.Group::label).containsExactly("1 thread");
    assertThat(chart.groups().get(0).firn().median()).isEqualTo(200);
  }

  /** A catalog run of one writer, with the given loadTable threads. */
  private static BenchSettings settings(List<Integer> loadThreads) {
    Duration window = Duration.ofSeconds(3);
    return new BenchSettings(
        false, 1000, 5, window, 1000, 1000, loadThreads, List.of(1), 0, window);
  }

  private static MarkdownReport report(BenchSettings settings) {
    ScenarioResult load =
        new ScenarioResult(
            "loadTable, 1 thread",
            List.of(
                new FigureRow("requests/s", new Summary(200, 190, 210), new Summary(30, 25, 35))),
            List.of());
    ScenarioResult commits = TestStamps.oneWriterCommits();
    List<ScenarioResult> scenarios =
        settings.loadThreads().isEmpty() ? List.of(commits) : List.of(load, commits);
    Map<Side, LoadedTable> tables =
        settings.loadThreads().isEmpty()
            ? Map.of()
            : Map.of(
                Side.FIRN, new LoadedTable(1000, 9_000, 80, 750_000, true),
                Side.REFERENCE, new LoadedTable(1000, 9_000, 60, 720_000, true));
    return new MarkdownReport(
        TestStamps.took(Duration.ofMinutes(8)),
        settings,
        new Versions("0.1.0", "1.12.0", "1.11.0"),
        ServerJvm.defaults(),
        tables,
        scenarios,
        Map.of(
            Side.FIRN, new MemoryPeak(200 * 1024, 150, 256),
            Side.REFERENCE, new MemoryPeak(300 * 1024, 250, 512)),
        List.of("something odd"),
        "skipped: no PostgreSQL binaries");
  }
}
