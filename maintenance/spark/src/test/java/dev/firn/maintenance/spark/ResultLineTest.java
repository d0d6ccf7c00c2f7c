package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultLineTest {
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

    ResultLine line = new ResultLine(result, 8_210);
    String rendered = line.render();

    assertThat(rendered).startsWith(ResultLine.PREFIX).doesNotContain("\n", "\r");
    assertThat(ResultLine.parse(rendered)).isEqualTo(line);
  }

  @Test
  void aSucceededResultReadsBackWithoutAnError() {
    JobResult result =
        new JobReport("raw.events", JobKind.COMPACTION, false, Clock.fixed(STARTED, ZoneOffset.UTC))
            .add(Measure.FILES_REWRITTEN, 40)
            .snapshot(7)
            .detail("Packed group 0: 40 files, 1234 bytes -> 4 files")
            .done();

    ResultLine read = ResultLine.parse(new ResultLine(result, 0).render());

    assertThat(read.result()).isEqualTo(result);
    assertThat(read.result().succeeded()).isTrue();
  }

  @Test
  void writesTheFieldsFirnServeReadsUnderTheirNames() throws Exception {
    JobResult result =
        new JobReport("raw.events", JobKind.EXPIRY, false, Clock.fixed(STARTED, ZoneOffset.UTC))
            .add(Measure.SNAPSHOTS_EXPIRED, 2)
            .snapshot(11)
            .done();

    var node = new ObjectMapper().readTree(new ResultLine(result, 950).render());

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

    List<String> read = ResultLine.parse(new ResultLine(result, 0).render()).result().details();

    assertThat(read).hasSize(ResultLine.MAX_DETAILS + 1);
    assertThat(read.get(ResultLine.MAX_DETAILS - 1)).isEqualTo("Packed group 999");
    assertThat(read.get(ResultLine.MAX_DETAILS)).isEqualTo("... and 1500 more");
  }

  @Test
  void passesOverCountsOfMeasuresItDoesNotKnow() {
    String line =
        ResultLine.PREFIX
            + ",\"table\":\"raw.t\",\"job\":\"manifests\",\"dry-run\":false,"
            + "\"started\":\"2026-11-22T07:00:00Z\",\"duration-ms\":3,\"startup-ms\":4,"
            + "\"counts\":{\"manifests-added\":1,\"manifests-merged-later\":9},"
            + "\"snapshot-ids\":[],\"details\":[],\"error\":null}";

    JobResult result = ResultLine.parse(line).result();

    assertThat(result.counts()).containsExactly(Map.entry(Measure.MANIFESTS_ADDED, 1L));
  }

  @Test
  void refusesALineThatIsNotAResult() {
    assertThatThrownBy(() -> ResultLine.parse("25/11/22 07:00:00 WARN NativeCodeLoader"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Not a Spark result line");
    assertThatThrownBy(() -> ResultLine.parse(ResultLine.PREFIX + ",\"job\":\"vacuum\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unreadable Spark result line");
  }
}
