package dev.firn.bench.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.core.ProcessOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceLineTest {
  @Test
  void firnLineReadsBackAsWritten() {
    MaintenanceLine line =
        new MaintenanceLine(
            "firn", MaintenanceJob.ORPHANS, 0, 20, 2602, new ProcessOutcome(true, 5100, 900, null));

    assertThat(MaintenanceLine.all(List.of(line.render("raw.t")))).containsExactly(line);
  }

  @Test
  void readsTheSparkEnginesLinesAmongLogLines() {
    // As SparkMaintenanceRun prints it, after Spark's own log lines.
    List<String> output =
        List.of(
            "09:39:56.707 WARN NativeCodeLoader: Unable to load native-hadoop library",
            "{\"engine\":\"spark\",\"job\":\"orphans\",\"table\":\"raw.expiry_history\","
                + "\"succeeded\":true,\"snapshots_expired\":0,\"files_found\":50,"
                + "\"files_listed\":-1,\"duration_ms\":9000,\"startup_ms\":14000,\"error\":null}",
            "{\"engine\":\"spark\",\"job\":\"expiry\",\"table\":\"raw.expiry_copy_2\","
                + "\"succeeded\":true,\"snapshots_expired\":180,\"files_found\":2111,"
                + "\"files_listed\":-1,\"duration_ms\":13147,\"startup_ms\":14284,\"error\":null}",
            "09:40:10.000 WARN SparkContext: stopped");

    List<MaintenanceLine> lines = MaintenanceLine.all(output);

    assertThat(lines)
        .extracting(MaintenanceLine::job)
        .containsExactly(MaintenanceJob.ORPHANS, MaintenanceJob.EXPIRY);
    MaintenanceLine line = lines.get(1);

    assertThat(line.engine()).isEqualTo("spark");
    assertThat(line.job()).isEqualTo(MaintenanceJob.EXPIRY);
    assertThat(line.snapshotsExpired()).isEqualTo(180);
    assertThat(line.filesFound()).isEqualTo(2111);
    assertThat(line.filesListed()).isEqualTo(-1);
    assertThat(line.outcome()).isEqualTo(new ProcessOutcome(true, 13147, 14284, null));
  }

  @Test
  void keepsTheErrorOfAFailedRun() {
    MaintenanceLine failed =
        new MaintenanceLine(
            "firn",
            MaintenanceJob.EXPIRY,
            0,
            0,
            -1,
            ProcessOutcome.failed("Cannot load \"t\"\nat x"));

    MaintenanceLine read = MaintenanceLine.all(List.of(failed.render("raw.t"))).get(0);

    assertThat(read.outcome().succeeded()).isFalse();
    assertThat(read.outcome().error()).isEqualTo("Cannot load \"t\"\nat x");
  }

  @Test
  void findsNothingWithoutAResultLine() {
    assertThat(
            MaintenanceLine.all(
                List.of(
                    "Exception in thread main",
                    "{\"engine\":\"spark\",\"files_rewritten\":3}",
                    "{\"engine\":\"firn\",\"job\":\"compaction\"}",
                    "{\"engine\":\"firn\",\"job\":")))
        .isEmpty();
  }
}
