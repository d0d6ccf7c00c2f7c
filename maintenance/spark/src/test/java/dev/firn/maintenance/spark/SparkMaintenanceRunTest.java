package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.Measure;
import java.net.URI;
import java.time.Clock;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class SparkMaintenanceRunTest {
  private static final String[] EXPIRY =
      new String[] {
        "--catalog-uri", "http://127.0.0.1:8181",
        "--table", "raw.events",
        "--job", "expiry",
        "--older-than", "1763800000000",
        "--retain-last", "3",
        "--master", "local[2]"
      };

  @Test
  void readsTheCutoffAndTheSnapshotsToKeep() {
    SparkMaintenanceRun.Arguments arguments = SparkMaintenanceRun.Arguments.parse(EXPIRY);

    assertThat(arguments.jobs())
        .containsExactly(
            new SparkMaintenanceRun.Job(
                TableIdentifier.of("raw", "events"), JobKind.EXPIRY, 1_763_800_000_000L));
    assertThat(arguments.retainLast()).isEqualTo(3);
    assertThat(arguments.config().master()).isEqualTo("local[2]");
    assertThat(arguments.config().catalogUri()).isEqualTo(URI.create("http://127.0.0.1:8181"));
  }

  @Test
  void keepsOneSnapshotUnlessTold() {
    SparkMaintenanceRun.Arguments arguments =
        SparkMaintenanceRun.Arguments.parse(
            new String[] {
              "--catalog-uri", "http://127.0.0.1:8181",
              "--table", "raw.events",
              "--job", "orphans",
              "--older-than", "5"
            });

    assertThat(arguments.jobs())
        .extracting(SparkMaintenanceRun.Job::kind)
        .containsExactly(JobKind.ORPHANS);
    assertThat(arguments.retainLast()).isEqualTo(1);
  }

  @Test
  void readsSeveralJobsInOrder() {
    SparkMaintenanceRun.Arguments arguments =
        SparkMaintenanceRun.Arguments.parse(
            new String[] {
              "--catalog-uri", "http://127.0.0.1:8181",
              "--table", "raw.events,raw.events_copy",
              "--job", "orphans,expiry",
              "--older-than", "5,7"
            });

    assertThat(arguments.jobs())
        .containsExactly(
            new SparkMaintenanceRun.Job(TableIdentifier.of("raw", "events"), JobKind.ORPHANS, 5),
            new SparkMaintenanceRun.Job(
                TableIdentifier.of("raw", "events_copy"), JobKind.EXPIRY, 7));
  }

  @Test
  void rejectsListsOfDifferentLengths() {
    assertThatThrownBy(
            () ->
                SparkMaintenanceRun.Arguments.parse(
                    new String[] {
                      "--catalog-uri", "http://h:1",
                      "--table", "a.b",
                      "--job", "orphans,expiry",
                      "--older-than", "5,7"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--table, --job and --older-than need one item per job");
  }

  @Test
  void rejectsOtherJobsAndAMissingCutoff() {
    assertThatThrownBy(
            () ->
                SparkMaintenanceRun.Arguments.parse(
                    new String[] {
                      "--catalog-uri",
                      "http://h:1",
                      "--table",
                      "a.b",
                      "--job",
                      "compaction",
                      "--older-than",
                      "5"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid job: compaction");
    assertThatThrownBy(
            () ->
                SparkMaintenanceRun.Arguments.parse(
                    new String[] {
                      "--catalog-uri", "http://h:1", "--table", "a.b", "--job", "expiry"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Usage: SparkMaintenanceRun");
  }

  @Test
  void printsOneFlatLineWithTheCounts() {
    SparkMaintenanceRun.Arguments arguments = SparkMaintenanceRun.Arguments.parse(EXPIRY);
    JobReport report = new JobReport("raw.events", JobKind.EXPIRY, true, Clock.systemUTC());
    report.add(Measure.SNAPSHOTS_EXPIRED, 900).add(Measure.FILES_DELETED, 9_120);

    String line =
        new SparkMaintenanceRun.Outcome(report.done(), 4_200, 8_000).json(arguments.jobs().get(0));

    assertThat(line)
        .isEqualTo(
            "{\"engine\":\"spark\",\"job\":\"expiry\",\"table\":\"raw.events\",\"succeeded\":true,"
                + "\"snapshots_expired\":900,\"files_found\":9120,\"files_listed\":-1,"
                + "\"duration_ms\":4200,\"startup_ms\":8000,\"error\":null}");
  }
}
