package dev.firn.maintenance.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line the Spark engine's child writes and firn serve reads back. */
class SparkResultLineTest {
  private static final Instant STARTED = Instant.parse("2026-11-22T07:00:00.123Z");

  @Test
  void aResultSurvivesTheRoundTripWhole() {
    Map<Measure, Long> counts = new EnumMap<>(Measure.class);
    for (Measure measure : Measure.values()) {
      counts.put(measure, (long) measure.ordinal() * 1_000_000_007L);
    }
    JobResult result =
        new JobResult(
            "raw.sales.events",
            JobKind.ORPHANS,
            true,
            STARTED,
            Duration.ofMillis(5_120),
            counts,
            List.of(Long.MAX_VALUE, -3L),
            List.of("Would delete s3://warehouse/a \"quoted\"", "line\nbreak\tand tab \u0001"),
            "IllegalStateException: a reason\nover two lines");

    SparkResultLine line = new SparkResultLine(result, 8_210);
    String rendered = line.render();

    assertThat(rendered).startsWith(SparkResultLine.PREFIX).doesNotContain("\n", "\r");
    assertThat(SparkResultLine.parse(rendered)).isEqualTo(line);
  }

  @Test
  void aSucceededResultReadsBackWithoutAnError() {
    JobResult result =
        new JobReport("raw.events", JobKind.COMPACTION, false, Clock.fixed(STARTED, ZoneOffset.UTC))
            .add(Measure.FILES_REWRITTEN, 40)
            .snapshot(7)
            .detail("Packed group 0: 40 files, 1234 bytes -> 4 files")
            .done();

    SparkResultLine read = SparkResultLine.parse(new SparkResultLine(result, 0).render());

    assertThat(read.result()).isEqualTo(result);
    assertThat(read.result().succeeded()).isTrue();
  }

  @Test
  void writesEveryFieldUnderItsName() throws Exception {
    JobResult result =
        new JobReport("raw.events", JobKind.EXPIRY, false, Clock.fixed(STARTED, ZoneOffset.UTC))
            .add(Measure.SNAPSHOTS_EXPIRED, 2)
            .snapshot(11)
            .done();

    var node = new ObjectMapper().readTree(new SparkResultLine(result, 950).render());

    assertThat(node.path("engine").asText()).isEqualTo("spark");
    assertThat(node.path("table").asText()).isEqualTo("raw.events");
    assertThat(node.path("job").asText()).isEqualTo("expiry");
    assertThat(node.path("dry-run").asBoolean(true)).isFalse();
    assertThat(node.path("started").asText()).isEqualTo("2026-11-22T07:00:00.123Z");
    assertThat(node.path("duration-ms").asLong(-1)).isZero();
    assertThat(node.path("startup-ms").asLong()).isEqualTo(950);
    assertThat(node.path("counts").path("snapshots-expired").asLong()).isEqualTo(2);
    assertThat(node.path("snapshot-ids").get(0).asLong()).isEqualTo(11);
    assertThat(node.path("details").isArray()).isTrue();
    assertThat(node.path("error").isNull()).isTrue();
  }

  @Test
  void readsEveryFieldOfAFailedDryRunAsEarlierVersionsWroteIt() {
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
    assertThat(result.started()).isEqualTo(STARTED);
    assertThat(result.duration()).isEqualTo(Duration.ofMillis(77));
    assertThat(result.counts()).containsExactly(Map.entry(Measure.ORPHANS_FOUND, 3L));
    assertThat(result.snapshotIds()).containsExactly(1L, Long.MAX_VALUE);
    assertThat(result.details()).containsExactly("Would delete s3://w/a \"b\"", "x\ny");
    assertThat(result.error()).isEqualTo("IllegalStateException: two\nlines");
  }

  @Test
  void capsTheDetailsAndSaysHowManyWereLeftOut() {
    List<String> details = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      details.add("Packed group " + i);
    }
    JobResult result =
        new JobResult(
            "raw.big",
            JobKind.COMPACTION,
            false,
            STARTED,
            Duration.ZERO,
            Map.of(),
            List.of(),
            details,
            null);

    List<String> read =
        SparkResultLine.parse(new SparkResultLine(result, 0).render()).result().details();

    assertThat(read).hasSize(SparkResultLine.MAX_DETAILS + 1);
    assertThat(read.get(SparkResultLine.MAX_DETAILS - 1)).isEqualTo("Packed group 999");
    assertThat(read.get(SparkResultLine.MAX_DETAILS)).isEqualTo("... and 1500 more");
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
    assertThatThrownBy(() -> SparkResultLine.parse("25/11/22 07:00:00 WARN NativeCodeLoader"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a Spark result line");
    assertThatThrownBy(() -> SparkResultLine.parse(SparkResultLine.PREFIX + ",\"job\":\"vacuum\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unreadable Spark result line");
    assertThatThrownBy(() -> SparkResultLine.parse(SparkResultLine.PREFIX + ",\"table\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unreadable Spark result line");
  }
}
