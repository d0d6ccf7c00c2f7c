package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.ProcessFigures;
import dev.firn.bench.core.ProcessOutcome;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.expiry.ExpiryReport;
import dev.firn.bench.expiry.ExpirySettings;
import dev.firn.bench.expiry.HistoryTable;
import dev.firn.bench.expiry.HistoryTables;
import dev.firn.bench.expiry.MaintenanceJob;
import dev.firn.bench.expiry.MaintenanceLine;
import dev.firn.bench.expiry.MaintenanceMeasurement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpirySectionTest {
  private static final HistoryTable TABLE = HistoryTables.of(500, 50, 6000);

  @Test
  void oneTablePerJobWithFilesPerSecondOverTheJobsTime() {
    SuiteSection section = SuiteSection.expiry(report(List.of()));

    assertThat(section.scenario()).isEqualTo(SuiteScenario.EXPIRY);
    assertThat(section.tables())
        .extracting(ScenarioResult::title)
        .containsExactly(
            "Snapshot expiry, 500 snapshots, 5,000 data files",
            "Orphan listing, 500 snapshots, 5,000 data files");
    FigureRow expiry = row(section.tables().get(0), ExpiryReport.FILES_PER_SECOND);
    // 4,000 files to delete in 2 s (Firn), in 8 s (Spark).
    assertThat(expiry.firn().median()).isEqualTo(2000);
    assertThat(expiry.reference().median()).isEqualTo(500);
    assertThat(expiry.ratio()).isEqualTo(4.0);
    FigureRow orphans = row(section.tables().get(1), ExpiryReport.FILES_PER_SECOND);
    // The 6,000 objects under the location in 3 s and 4 s.
    assertThat(orphans.firn().median()).isEqualTo(2000);
    assertThat(orphans.reference().median()).isEqualTo(1500);
    assertThat(row(section.tables().get(1), "process peak resident set (both jobs), MB").ratio())
        .isCloseTo(0.25, within(1e-9));
    assertThat(section.goals()).hasSize(2).allMatch(GoalCheck::met);
  }

  @Test
  void theSetupStatesTheReductionFromThePlan() {
    SuiteSection section = SuiteSection.expiry(report(List.of()));

    assertThat(section.setup().get(0))
        .contains("500 snapshots")
        .contains("the plan asks for 10,000 snapshots and 100,000 files");
    assertThat(section.warnings()).isEmpty();
  }

  @Test
  void mismatchesBecomeWarningsAndTheNoteSaysSo() {
    SuiteSection section =
        SuiteSection.expiry(
            report(List.of("Snapshot expiry, repetition 1: Firn found 4,000 files, Spark 3,990")));

    assertThat(section.warnings())
        .containsExactly("Snapshot expiry, repetition 1: Firn found 4,000 files, Spark 3,990");
    assertThat(section.tables().get(0).notes().get(1)).endsWith("NO (see warnings).");
    assertThat(section.tables().get(1).notes().get(1)).endsWith("yes.");
  }

  private static ExpiryReport report(List<String> warnings) {
    Map<MaintenanceJob, Map<Engine, List<MaintenanceMeasurement>>> measured =
        new EnumMap<>(MaintenanceJob.class);
    measured.put(
        MaintenanceJob.EXPIRY,
        byEngine(
            run(Engine.FIRN, MaintenanceJob.EXPIRY, 2_000, 4_000, 100),
            run(Engine.SPARK, MaintenanceJob.EXPIRY, 8_000, 4_000, 400)));
    measured.put(
        MaintenanceJob.ORPHANS,
        byEngine(
            run(Engine.FIRN, MaintenanceJob.ORPHANS, 3_000, 50, 100),
            run(Engine.SPARK, MaintenanceJob.ORPHANS, 4_000, 50, 400)));
    return new ExpiryReport(
        new ExpirySettings(false, 500, 5_000, 50, 5, false, null),
        new ServerJvm("1g"),
        TABLE,
        measured,
        warnings);
  }

  private static Map<Engine, List<MaintenanceMeasurement>> byEngine(
      MaintenanceMeasurement firn, MaintenanceMeasurement spark) {
    Map<Engine, List<MaintenanceMeasurement>> byEngine = new EnumMap<>(Engine.class);
    byEngine.put(Engine.FIRN, List.of(firn));
    byEngine.put(Engine.SPARK, List.of(spark));
    return byEngine;
  }

  private static MaintenanceMeasurement run(
      Engine engine, MaintenanceJob job, long millis, long files, long rssMegabytes) {
    MaintenanceLine line =
        new MaintenanceLine(
            engine.name(),
            job,
            job == MaintenanceJob.EXPIRY ? 450 : 0,
            files,
            -1,
            new ProcessOutcome(true, millis, 500, null));
    return new MaintenanceMeasurement(
        engine,
        job,
        1,
        line,
        new ProcessFigures(millis / 1000.0 + 1, rssMegabytes * 1024, rssMegabytes / 2),
        null);
  }

  private static FigureRow row(ScenarioResult table, String figure) {
    return table.rows().stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
  }
}
