package dev.firn.bench.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.core.Engine;
import dev.firn.bench.core.ProcessFigures;
import dev.firn.bench.core.ProcessOutcome;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpiryCheckTest {
  private static final HistoryTable TABLE = HistoryTables.of(200, 20, 2602);

  @Test
  void aPairThatFindsThePlantedOrphansIsClean() {
    ExpiryCheck.Verdict verdict =
        ExpiryCheck.of(TABLE, MaintenanceJob.ORPHANS, pair(orphans(20, 2602), orphans(20, -1)));

    assertThat(verdict.clean()).isTrue();
  }

  @Test
  void anEngineThatFindsOtherOrphansThanPlantedDoesNotCount() {
    ExpiryCheck.Verdict verdict =
        ExpiryCheck.of(TABLE, MaintenanceJob.ORPHANS, pair(orphans(20, 2602), orphans(21, -1)));

    assertThat(verdict.problems()).containsOnlyKeys(Engine.SPARK);
    assertThat(verdict.problems().get(Engine.SPARK))
        .isEqualTo("found 21 orphans, not the 20 planted");
    assertThat(verdict.warnings()).contains("Firn found 20 files to delete, Spark 21");
  }

  @Test
  void firnMustListEveryObjectUnderTheLocation() {
    ExpiryCheck.Verdict verdict =
        ExpiryCheck.of(TABLE, MaintenanceJob.ORPHANS, pair(orphans(20, 2600), orphans(20, -1)));

    assertThat(verdict.problems())
        .containsEntry(Engine.FIRN, "listed 2,600 files, not the 2,602 under the location");
  }

  @Test
  void expiryMustRemoveExactlyTheSnapshotsOlderThanTheCutoff() {
    ExpiryCheck.Verdict verdict =
        ExpiryCheck.of(TABLE, MaintenanceJob.EXPIRY, pair(expiry(179, 2111), expiry(180, 2111)));

    assertThat(verdict.problems())
        .containsOnlyKeys(Engine.FIRN)
        .containsEntry(Engine.FIRN, "expired 179 snapshots, not the 180 older than the cutoff");
  }

  @Test
  void enginesThatDisagreeOnTheFilesToDeleteAreReportedLoudly() {
    ExpiryCheck.Verdict verdict =
        ExpiryCheck.of(TABLE, MaintenanceJob.EXPIRY, pair(expiry(180, 2111), expiry(180, 2091)));

    assertThat(verdict.problems()).isEmpty();
    assertThat(verdict.warnings()).containsExactly("Firn found 2,111 files to delete, Spark 2,091");
  }

  @Test
  void aFailedRunIsNotComparedAgain() {
    MaintenanceMeasurement failed = orphans(0, -1).failed("exit code 1");

    ExpiryCheck.Verdict verdict =
        ExpiryCheck.of(TABLE, MaintenanceJob.ORPHANS, pair(orphans(20, 2602), failed));

    assertThat(verdict.clean()).isTrue();
  }

  private static Map<Engine, MaintenanceMeasurement> pair(
      MaintenanceMeasurement firn, MaintenanceMeasurement spark) {
    Map<Engine, MaintenanceMeasurement> pair = new EnumMap<>(Engine.class);
    pair.put(Engine.FIRN, firn);
    pair.put(Engine.SPARK, spark);
    return pair;
  }

  private static MaintenanceMeasurement orphans(long found, long listed) {
    return measured(MaintenanceJob.ORPHANS, 0, found, listed);
  }

  private static MaintenanceMeasurement expiry(long snapshots, long files) {
    return measured(MaintenanceJob.EXPIRY, snapshots, files, -1);
  }

  private static MaintenanceMeasurement measured(
      MaintenanceJob job, long snapshots, long found, long listed) {
    MaintenanceLine line =
        new MaintenanceLine(
            "x", job, snapshots, found, listed, new ProcessOutcome(true, 1000, 100, null));
    return new MaintenanceMeasurement(Engine.FIRN, job, 1, line, new ProcessFigures(2, 1, 1), null);
  }
}
