package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines as the Spark engine's {@code ResultLine} writes them (its tests pin the writing side). */
class SparkResultLineTest {
  @Test
  void readsEveryFieldOfAFailedDryRun() {
    String line =
        "{\"engine\":\"spark\",\"table\":\"raw.sales.events\",\"job\":\"orphans\","
            + "\"dry-run\":true,\"started\":\"2026-11-22T07:00:00.123Z\",\"duration-ms\":77,"
            + "\"startup-ms\":9000,\"counts\":{\"orphans-found\":3,\"new-measure\":1},"
            + "\"snapshot-ids\":[1,9223372036854775807],"
            + "\"details\":[\"Would delete s3://w/a \\\"b\\\"\",\"x\\ny\"],"
            + "\"error\":\"IllegalStateException: two\\nlines\"}";

    SparkResultLine read = SparkResultLine.parse(line);
    JobResult result = read.result();

    assertThat(read.startupMillis()).isEqualTo(9000);
    assertThat(result.table()).isEqualTo("raw.sales.events");
    assertThat(result.kind()).isEqualTo(JobKind.ORPHANS);
    assertThat(result.dryRun()).isTrue();
    assertThat(result.started()).isEqualTo(Instant.parse("2026-11-22T07:00:00.123Z"));
    assertThat(result.duration()).isEqualTo(Duration.ofMillis(77));
    assertThat(result.counts()).containsExactly(Map.entry(Measure.ORPHANS_FOUND, 3L));
    assertThat(result.snapshotIds()).containsExactly(1L, Long.MAX_VALUE);
    assertThat(result.details()).containsExactly("Would delete s3://w/a \"b\"", "x\ny");
    assertThat(result.error()).isEqualTo("IllegalStateException: two\nlines");
  }

  @Test
  void findsTheLastResultLineAmongLogLines(@TempDir Path dir) throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("out.log"),
            "INFO SparkContext: Running Spark version 3.5.9\n"
                + FakeSparkJob.RESULT.replace("5120", "1")
                + "\nWARN something\n"
                + FakeSparkJob.RESULT
                + "\nINFO ShutdownHookManager: Shutdown hook called\n");

    assertThat(SparkResultLine.find(log)).contains(FakeSparkJob.RESULT);
    assertThat(SparkResultLine.find(Files.writeString(dir.resolve("empty.log"), "INFO only\n")))
        .isEmpty();
  }

  @Test
  void refusesWhatIsNotAResultLine() {
    assertThatThrownBy(() -> SparkResultLine.parse("INFO SparkContext"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a Spark result line");
    assertThatThrownBy(() -> SparkResultLine.parse("{\"engine\":\"spark\",\"job\":\"vacuum\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unreadable Spark result line");
  }
}
