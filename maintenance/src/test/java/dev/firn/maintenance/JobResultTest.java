package dev.firn.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.boundary.RefusedDelete;
import dev.firn.boundary.TableLocation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobResultTest {
  private static final String ORDERS = "s3://warehouse/raw/orders-1";
  private static final String CUSTOMERS = "s3://warehouse/raw/customers-2";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void refusalsAreCountedNamedAndFailTheJob() {
    JobResult done =
        new JobReport("raw.orders", JobKind.EXPIRY, false, CLOCK)
            .add(Measure.FILES_DELETED, 4)
            .detail("expired 2 snapshots")
            .done();

    JobResult result =
        done.withRefusals(
            3,
            List.of(
                refusal(CUSTOMERS + "/metadata/v3.metadata.json"),
                refusal(CUSTOMERS + "/data/a.parquet"),
                // Iceberg deletes a file named as statistics and partition statistics twice.
                refusal(CUSTOMERS + "/metadata/v3.metadata.json")),
            TableLocation.of(ORDERS));

    assertThat(result.count(Measure.DELETES_REFUSED)).isEqualTo(2);
    assertThat(result.count(Measure.FILES_DELETED)).isEqualTo(4);
    assertThat(result.details())
        .containsExactly(
            "expired 2 snapshots",
            "Refused to delete "
                + CUSTOMERS
                + "/metadata/v3.metadata.json: outside the table location "
                + ORDERS,
            "Refused to delete "
                + CUSTOMERS
                + "/data/a.parquet: outside the table location "
                + ORDERS);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.error())
        .isEqualTo(
            "Refused to delete 2 paths outside the table location "
                + ORDERS
                + ": the table's metadata names files that are not its own");
  }

  @Test
  void aDryRunSaysWhatItWouldRefuseAndAnEarlierErrorStays() {
    JobResult failed =
        new JobReport("raw.orders", JobKind.METADATA, true, CLOCK)
            .failed(new IllegalStateException("Listing failed"));

    JobResult result =
        failed.withRefusals(1, List.of(refusal(CUSTOMERS + "/x")), TableLocation.of(ORDERS));

    assertThat(result.details())
        .containsExactly(
            "Would refuse to delete " + CUSTOMERS + "/x: outside the table location " + ORDERS);
    assertThat(result.error())
        .startsWith("IllegalStateException: Listing failed; Would refuse to delete 1 path outside");
  }

  @Test
  void refusalsBeyondThoseKeptAreCounted() {
    JobResult done = new JobReport("raw.orders", JobKind.EXPIRY, false, CLOCK).done();

    JobResult result =
        done.withRefusals(250, List.of(refusal(CUSTOMERS + "/a")), TableLocation.of(ORDERS));

    assertThat(result.count(Measure.DELETES_REFUSED)).isEqualTo(250);
    assertThat(result.details()).endsWith("... and 249 more paths outside the table location");
    assertThat(result.error()).startsWith("Refused to delete 250 paths");
  }

  @Test
  void noRefusalLeavesTheResultAsItWas() {
    JobResult done = new JobReport("raw.orders", JobKind.ORPHANS, false, CLOCK).done();

    assertThat(done.withRefusals(0, List.of(), TableLocation.of(ORDERS))).isSameAs(done);
  }

  private static RefusedDelete refusal(String path) {
    return new RefusedDelete(path, TableLocation.of(ORDERS).refusal(path).orElseThrow());
  }
}
