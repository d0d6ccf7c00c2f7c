package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.MaintainSummary.Outcome;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MaintainSummaryTest {
  private static final Instant STARTED = Instant.parse("2026-03-04T10:00:00Z");

  private static JobResult result(
      JobKind kind, boolean dryRun, Map<Measure, Long> counts, List<String> details, String error) {
    return new JobResult(
        "firn.ignored",
        kind,
        dryRun,
        STARTED,
        Duration.ofMillis(1500),
        counts,
        List.of(),
        details,
        error);
  }

  @Test
  void printsOneAlignedLinePerJobATotalAndTheFailures() {
    List<Outcome> outcomes =
        List.of(
            new Outcome(
                "raw.sales.orders",
                result(
                    JobKind.COMPACTION,
                    false,
                    Map.of(
                        Measure.FILES_REWRITTEN, 12L,
                        Measure.BYTES_REWRITTEN, 3L * 1024 * 1024,
                        Measure.FILES_ADDED, 1L),
                    List.of("group 0: committed 1 files"),
                    null)),
            new Outcome(
                "raw.sales.orders",
                result(
                    JobKind.EXPIRY,
                    false,
                    Map.of(Measure.SNAPSHOTS_EXPIRED, 1L, Measure.FILES_DELETED, 4L),
                    List.of(),
                    null)),
            new Outcome(
                "raw.clicks",
                result(
                    JobKind.ORPHANS,
                    false,
                    Map.of(),
                    List.of("listing failed"),
                    "IllegalStateException: Nothing deleted")));

    String text = new MaintainSummary(20).render(outcomes, false, Duration.ofSeconds(75));

    assertThat(text)
        .isEqualTo(
            """
            TABLE             JOB         STATUS  TIME   RESULT
            raw.sales.orders  compaction  ok      1.5 s  12 files rewritten (3.0 MB) into 1
            raw.sales.orders  expiry      ok      1.5 s  1 snapshot expired, 4 files deleted
            raw.clicks        orphans     FAILED  1.5 s  see below
            Total: 2 tables, 3 jobs, 1 failed, 1m15s: 12 files rewritten (3.0 MB) into 1; \
            1 snapshot expired, 4 files deleted; 0 orphans removed (0 B) of 0 found

            Failed:
              raw.clicks orphans: IllegalStateException: Nothing deleted
                listing failed
            """);
  }

  @Test
  void aDryRunListsWhatEachJobWouldDoCappedPerJob() {
    List<String> paths =
        IntStream.range(0, 25).mapToObj(i -> "s3://warehouse/raw/t/data/orphan-" + i).toList();
    List<Outcome> outcomes =
        List.of(
            new Outcome(
                "raw.t",
                result(JobKind.ORPHANS, true, Map.of(Measure.ORPHANS_FOUND, 25L), paths, null)),
            new Outcome(
                "raw.t",
                result(
                    JobKind.MANIFESTS,
                    true,
                    Map.of(),
                    List.of("Nothing to rewrite: 3 small manifests, 100 allowed"),
                    null)));

    String text = new MaintainSummary(20).render(outcomes, true, Duration.ofMillis(40));

    assertThat(text)
        .startsWith("Dry run: nothing was changed.\n\nraw.t orphans:\n    s3://warehouse/raw/t/")
        .contains("    s3://warehouse/raw/t/data/orphan-19\n    ... and 5 more\n")
        .doesNotContain("orphan-20")
        .contains("raw.t manifests:\n    Nothing to rewrite: 3 small manifests, 100 allowed\n")
        .contains("raw.t  orphans    ok      1.5 s  would remove 25 orphans\n")
        .contains("allowed\n\nTABLE  ")
        .contains("raw.t  manifests  ok      1.5 s  nothing to rewrite: 3 small manifests")
        .endsWith(
            "Total: 1 table, 2 jobs, 0 failed, 40 ms: would remove 25 orphans;"
                + " would rewrite 0 manifests\n");
  }
}
