package dev.firn.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobResultJsonTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void aResultSurvivesTheRoundTripWhole() {
    JobResult result =
        new JobReport("raw.orders", JobKind.ORPHANS, true, CLOCK)
            .add(Measure.ORPHANS_FOUND, 3)
            .add(Measure.FILES_LISTED, 12)
            .snapshot(Long.MIN_VALUE)
            .detail("Would delete s3://w/raw/orders/data/a \"b\".parquet")
            .failed(new IllegalStateException("two\nlines"));

    String text = JobResultJson.text(JobResultJson.node(result));

    assertThat(text).doesNotContain("\n");
    assertThat(JobResultJson.result(JobResultJson.tree(text))).isEqualTo(result);
  }

  @Test
  void countsAndSnapshotIdsAreWrittenAsTheRunHistoryHasAlwaysStoredThem() {
    Map<Measure, Long> counts = Map.of(Measure.DELETES_REFUSED, 3L, Measure.FILES_DELETED, 5L);

    assertThat(JobResultJson.text(JobResultJson.countsByLabel(counts)))
        .isEqualTo("{\"files-deleted\":5,\"deletes-refused\":3}");
    assertThat(JobResultJson.text(List.of(7L, -3L))).isEqualTo("[7,-3]");
    assertThat(JobResultJson.text(JobResultJson.countsByLabel(Map.of()))).isEqualTo("{}");
    assertThat(JobResultJson.text(List.of())).isEqualTo("[]");
  }

  @Test
  void readsStoredCountsAndIdsPassingOverMeasuresItDoesNotKnow() {
    assertThat(
            JobResultJson.counts(
                JobResultJson.tree("{\"files-deleted\": 5, \"bytes-trimmed\": 9, \"x\": \"y\"}")))
        .containsExactly(Map.entry(Measure.FILES_DELETED, 5L));
    assertThat(JobResultJson.snapshotIds(JobResultJson.tree("[ 1, 9223372036854775807 ]")))
        .containsExactly(1L, Long.MAX_VALUE);
    assertThat(JobResultJson.counts(JobResultJson.tree(null))).isEmpty();
    assertThat(JobResultJson.snapshotIds(JobResultJson.tree(null))).isEmpty();
  }

  @Test
  void refusesWhatIsNotAResult() {
    assertThatThrownBy(() -> JobResultJson.result(JobResultJson.tree("{\"job\":\"vacuum\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unreadable job result: ");
    assertThatThrownBy(() -> JobResultJson.tree("{\"job\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Not JSON: ");
  }
}
