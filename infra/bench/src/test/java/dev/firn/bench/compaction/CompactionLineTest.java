package dev.firn.bench.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.core.ProcessOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionLineTest {
  // As SparkCompactionRun prints it.
  private static final String SPARK_LINE =
      "{\"engine\":\"spark\",\"table\":\"raw.t\",\"succeeded\":true,\"files_rewritten\":200,"
          + "\"bytes_rewritten\":188743680,\"files_added\":16,\"bytes_added\":181000000,"
          + "\"groups_committed\":4,\"groups_failed\":0,\"snapshots\":4,"
          + "\"duration_ms\":65700,\"startup_ms\":6519,\"error\":null}";

  @Test
  void readsTheSparkEnginesLineAmongLogOutput() {
    List<String> output =
        List.of(
            "07:00:01.000 WARN Utils: Set SPARK_LOCAL_IP if you need to bind to another address",
            SPARK_LINE,
            "");

    CompactionLine line = CompactionLine.find(output).orElseThrow();

    assertThat(line)
        .isEqualTo(
            new CompactionLine(
                200, 188_743_680, 16, 181_000_000, new ProcessOutcome(true, 65_700, 6_519, null)));
  }

  @Test
  void firnsLineReadsBackAsRendered() {
    CompactionLine failed =
        new CompactionLine(3, 30, 0, 0, new ProcessOutcome(false, 1_200, 900, "No \"table\"\n"));

    assertThat(CompactionLine.find(List.of(failed.render("raw.t")))).contains(failed);
  }

  @Test
  void firnsLineKeepsTheOutcomeAtTheTopLevelAsSparkPrintsIt() {
    CompactionLine line =
        new CompactionLine(3, 30, 1, 20, new ProcessOutcome(true, 1_200, 900, null));

    assertThat(line.render("raw.t"))
        .isEqualTo(
            "{\"engine\":\"firn\",\"table\":\"raw.t\",\"files_rewritten\":3,"
                + "\"bytes_rewritten\":30,\"files_added\":1,\"bytes_added\":20,"
                + "\"succeeded\":true,\"duration_ms\":1200,\"startup_ms\":900,\"error\":null}");
  }

  @Test
  void findsNothingWithoutAResultLine() {
    assertThat(CompactionLine.find(List.of("{\"engine\":", "Exception in thread main"))).isEmpty();
  }
}
