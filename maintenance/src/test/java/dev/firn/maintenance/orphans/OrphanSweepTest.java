package dev.firn.maintenance.orphans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.writer.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Orphan removal on real tables of a running Firn server: what it deletes and what it keeps. */
class OrphanSweepTest extends OrphanSweepTestBase {
  private static final Clock DAYS_LATER = after(Duration.ofDays(4));

  @Test
  void aDryRunListsExactlyThePlantedOrphansAndTheRunDeletesOnlyThem() {
    TableIdentifier id = TableIdentifier.of("raw", "orders");
    String s3aFile = everyKindOfFile(table("orders", 2, List.of("region"), Map.of()));
    Table table = catalog.loadTable(id);
    Map<String, Long> live = objects(table);
    List<String> rows = rows(table);
    Map<String, Long> planted = plantOrphans(table, 100);

    JobResult dryRun = new OrphanSweep(table, DAYS_LATER).apply();

    assertThat(dryRun.error()).isNull();
    assertThat(dryRun.dryRun()).isTrue();
    assertThat(dryRun.details()).containsExactlyInAnyOrderElementsOf(planted.keySet());
    assertThat(dryRun.count(Measure.FILES_LISTED)).isEqualTo(live.size() + 100);
    assertThat(dryRun.count(Measure.ORPHANS_FOUND)).isEqualTo(100);
    assertThat(dryRun.count(Measure.ORPHANS_DELETED)).isZero();
    assertThat(objects(table)).hasSize(live.size() + 100);

    JobResult run = new OrphanSweep(table, DAYS_LATER).commit();

    assertThat(run.error()).isNull();
    assertThat(run.details()).containsExactlyInAnyOrderElementsOf(planted.keySet());
    assertThat(run.count(Measure.ORPHANS_DELETED)).isEqualTo(100);
    assertThat(run.count(Measure.BYTES_DELETED))
        .isEqualTo(planted.values().stream().mapToLong(Long::longValue).sum());
    assertThat(objects(table)).isEqualTo(live).containsKey("s3" + s3aFile.substring(3));
    assertThat(rows(catalog.loadTable(id))).isEqualTo(rows).contains("Record(7, eu, g)");
  }

  /**
   * Gives a partitioned format v2 table several snapshots, a tag and a branch, equality and
   * position deletes, statistics and partition statistics, and a data file referenced as {@code
   * s3a://}; returns that file's location.
   */
  private String everyKindOfFile(Table table) {
    TableIdentifier id = TableIdentifier.of("raw", "orders");
    DataFile first = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
    table.manageSnapshots().createTag("first", table.currentSnapshot().snapshotId()).commit();
    writer.ingest(id).records(SCHEMA, List.of(row(4, "us", "d"), row(5, "eu", "e"))).commit();
    writer
        .ingest(id)
        .records(SCHEMA, List.of(row(2, "us", "b2")))
        .mode(WriteMode.UPSERT)
        .keys(List.of("id", "region"))
        .commit();
    table.refresh();
    TableFiles.commitPositionDelete(table, first, 0);
    table.manageSnapshots().createBranch("audit", table.currentSnapshot().snapshotId()).commit();
    DataFile onBranch = TableFiles.dataFile(table, List.of(row(6, "us", "f")));
    table.newAppend().appendFile(onBranch).toBranch("audit").commit();
    DataFile written = TableFiles.dataFile(table, List.of(row(7, "eu", "g")));
    String s3a = "s3a" + written.location().substring("s3".length());
    table
        .newAppend()
        .appendFile(DataFiles.builder(table.spec()).copy(written).withPath(s3a).build())
        .commit();
    TableFiles.commitStatistics(table);
    TableFiles.commitPartitionStatistics(table);
    return s3a;
  }

  @Test
  void deletionVectorsOfAFormatV3TableStay() {
    Table table = table("events", 3, List.of(), Map.of());
    DataFile target = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
    DeleteFile vector = TableFiles.commitDeletionVector(table, target, 1);
    Map<String, Long> live = objects(table);
    List<String> rows = rows(table);
    Map<String, Long> planted = plantOrphans(table, 18);

    assertThat(new OrphanSweep(table, DAYS_LATER).apply().details())
        .containsExactlyInAnyOrderElementsOf(planted.keySet());
    JobResult run = new OrphanSweep(table, DAYS_LATER).commit();

    assertThat(run.error()).isNull();
    assertThat(run.count(Measure.ORPHANS_DELETED)).isEqualTo(18);
    assertThat(objects(table)).isEqualTo(live).containsKey(vector.location());
    assertThat(rows(table)).isEqualTo(rows).hasSize(2);
  }

  @Test
  void aFileOnlyADeletedManifestEntryNamesStays() {
    // The log keeps one earlier metadata file, so no metadata in reach holds the expired snapshots.
    Table table =
        table("shrunk", 2, List.of(), Map.of(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "1"));
    DataFile removed = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
    writer
        .ingest(TableIdentifier.of("raw", "shrunk"))
        .records(SCHEMA, List.of(row(4, "us", "d")))
        .commit();
    table.refresh();
    long appended = table.currentSnapshot().snapshotId();
    table.newDelete().deleteFile(removed).commit();
    table
        .expireSnapshots()
        .expireSnapshotId(appended)
        .expireSnapshotId(table.snapshot(appended).parentId())
        .cleanExpiredFiles(false)
        .commit();
    table.updateProperties().set("note", "one").commit();
    table.updateProperties().set("note", "two").commit();

    JobResult run = new OrphanSweep(table, DAYS_LATER).commit();

    assertThat(run.error()).isNull();
    assertThat(run.count(Measure.ORPHANS_DELETED)).isPositive();
    assertThat(run.details()).allMatch(location -> location.contains("/metadata/"));
    assertThat(objects(table)).containsKey(removed.location());
    assertThat(rows(table)).containsExactly("Record(4, us, d)");
  }

  @Test
  void orphansYoungerThanThePolicyMinimumAgeStay() {
    Table table = table("young");
    Map<String, Long> planted = plantOrphans(table, 9);
    EffectivePolicy policy =
        new PolicyResolver(PolicyDefaults.standard())
            .resolve(
                "raw",
                List.of(
                    new PolicyResolver.Layer(
                        "table", Map.of(PolicyKey.ORPHAN_MIN_AGE.property(), "24h"))));

    JobResult early = new OrphanSweep(table, after(Duration.ofHours(1))).policy(policy).commit();

    assertThat(early.error()).isNull();
    assertThat(early.count(Measure.ORPHANS_FOUND)).isZero();
    assertThat(early.count(Measure.ORPHANS_DELETED)).isZero();
    assertThat(objects(table)).containsAllEntriesOf(planted);

    JobResult later = new OrphanSweep(table, after(Duration.ofHours(25))).policy(policy).commit();

    assertThat(later.count(Measure.ORPHANS_DELETED)).isEqualTo(9);
    assertThat(objects(table)).doesNotContainKeys(planted.keySet().toArray(String[]::new));
  }

  @Test
  void aMinimumAgeBelowTheFloorIsRefused() {
    OrphanSweep sweep = new OrphanSweep(table("floor"), DAYS_LATER);

    assertThatThrownBy(() -> sweep.minAge(Duration.ofHours(23)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid orphan min age: PT23H (must be at least PT24H)");
    assertThat(OrphanSweep.MIN_AGE_FLOOR).isEqualTo(Duration.ofHours(24));
    assertThat(OrphanSweep.MIN_AGE_DEFAULT).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void aTableWithGarbageCollectionDisabledLosesNothing() {
    Table table = table("kept", 2, List.of(), Map.of(TableProperties.GC_ENABLED, "false"));
    Map<String, Long> planted = plantOrphans(table, 4);

    JobResult run = new OrphanSweep(table, DAYS_LATER).commit();

    assertThat(run.error()).isNull();
    assertThat(run.details()).containsExactly(dev.firn.vocabulary.TableGc.DISABLED);
    assertThat(run.count(Measure.ORPHANS_DELETED)).isZero();
    assertThat(objects(table)).containsAllEntriesOf(planted);
  }
}
