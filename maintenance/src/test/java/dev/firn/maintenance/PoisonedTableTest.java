package dev.firn.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.writer.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A table whose metadata names another table's files, written into the catalog database behind the
 * API's back: no maintenance job, real or dry run, changes a single object outside the table's
 * location, and each one that tried to says so.
 */
class PoisonedTableTest extends RealServerTest {
  private static final TableIdentifier VICTIM = raw("victim");
  private static final TableIdentifier ATTACKER = raw("attacker");
  private static final List<JobKind> JOBS =
      List.of(JobKind.METADATA, JobKind.ORPHANS, JobKind.COMPACTION, JobKind.EXPIRY);

  @Test
  void maintenanceOfAPoisonedTableTouchesNothingOutsideItsLocationAndSaysSo() throws Exception {
    load(VICTIM, WriteMode.APPEND, 1, 2);
    load(VICTIM, WriteMode.APPEND, 3);
    load(ATTACKER, WriteMode.APPEND, 10);
    load(ATTACKER, WriteMode.APPEND, 11);
    catalog
        .loadTable(ATTACKER)
        .updateProperties()
        .set(PolicyKey.SNAPSHOT_MIN_KEPT.property(), "1")
        .set(PolicyKey.COMPACTION_MIN_SMALL_FILES.property(), "2")
        .commit();
    Table attacker = catalog.loadTable(ATTACKER);
    TableMetadata victim = metadata(catalog.loadTable(VICTIM));
    String ownFile = attacker.snapshots().iterator().next().manifestListLocation();
    // Older Firn versions let a table keep its metadata outside its location: beside the poisoned
    // file lies an earlier one of the same table, which metadata cleanup would take for its own.
    String shared = warehouse(attacker) + "/raw/shared/metadata/";
    String stale = shared + "00001-" + UUID.randomUUID() + ".metadata.json";
    put(stale, TableMetadataParser.toJson(metadata(attacker)));
    String poisoned = shared + "00009-" + UUID.randomUUID() + ".metadata.json";
    put(poisoned, PoisonedMetadata.of(metadata(attacker), victim, size(victim)));
    PoisonedMetadata.pointCatalogAt(
        dir.resolve("catalog.db"), ATTACKER, metadata(attacker).metadataFileLocation(), poisoned);
    Map<String, String> before = objectsOutside(attacker.location());
    TableMaintenance maintenance = maintenance(Instant.now().plus(Duration.ofDays(30)));

    Map<JobKind, JobResult> plans = new EnumMap<>(JobKind.class);
    JOBS.forEach(kind -> plans.put(kind, maintenance.run(ATTACKER, kind, true)));
    Map<JobKind, JobResult> runs = new EnumMap<>(JobKind.class);
    JOBS.forEach(kind -> runs.put(kind, maintenance.run(ATTACKER, kind, false)));

    assertThat(objectsOutside(attacker.location())).isEqualTo(before);
    Table victimTable = catalog.loadTable(VICTIM);
    assertThat(rows(victimTable, victimTable.currentSnapshot().snapshotId()))
        .containsOnlyKeys(1L, 2L, 3L);

    JobResult expiryPlan = plans.get(JobKind.EXPIRY);
    assertThat(expiryPlan.count(Measure.DELETES_REFUSED)).as(expiryPlan.summary()).isPositive();
    assertThat(expiryPlan.details())
        .contains(
            "Would refuse to delete "
                + victim.metadataFileLocation()
                + ": outside the table location "
                + attacker.location())
        .doesNotContain(victim.metadataFileLocation());
    assertThat(expiryPlan.error()).startsWith("Would refuse to delete ");
    assertRefused(plans.get(JobKind.METADATA), stale, "Would refuse");

    JobResult expiry = runs.get(JobKind.EXPIRY);
    assertRefused(expiry, victim.metadataFileLocation(), "Refused");
    assertThat(expiry.details())
        .contains(
            "Refused to delete "
                + victim.currentSnapshot().manifestListLocation()
                + ": outside the table location "
                + attacker.location());
    assertThat(expiry.count(Measure.SNAPSHOTS_EXPIRED)).isPositive();
    // The table's own expired files still went: a refusal does not stop Iceberg's cleanup.
    assertThat(expiry.count(Measure.FILES_DELETED)).isPositive();
    assertThat(exists(attacker, ownFile)).isFalse();
    assertRefused(runs.get(JobKind.METADATA), stale, "Refused");
    for (JobKind kind : List.of(JobKind.ORPHANS, JobKind.COMPACTION)) {
      assertThat(plans.get(kind).count(Measure.DELETES_REFUSED)).as(kind.label()).isZero();
      assertThat(runs.get(kind).count(Measure.DELETES_REFUSED)).as(kind.label()).isZero();
    }
  }

  @Test
  void aTablePointedAtAnotherTablesMetadataDeletesNothingThroughRestOrInProcess() throws Exception {
    load(VICTIM, WriteMode.APPEND, 1);
    load(VICTIM, WriteMode.APPEND, 2);
    load(VICTIM, WriteMode.APPEND, 3);
    load(ATTACKER, WriteMode.APPEND, 10);
    catalog
        .loadTable(VICTIM)
        .updateProperties()
        .set(PolicyKey.SNAPSHOT_MIN_KEPT.property(), "1")
        .commit();
    Table attacker = catalog.loadTable(ATTACKER);
    TableMetadata victim = metadata(catalog.loadTable(VICTIM));
    Map<String, String> before = objectsOutside(attacker.location());
    Instant later = Instant.now().plus(Duration.ofDays(30));
    TableMaintenance overRest = maintenance(later);
    TableMaintenance inProcess =
        new TableMaintenance(
            server.catalog(),
            new PolicyResolver(PolicyDefaults.standard()),
            Clock.fixed(later, ZoneOffset.UTC),
            new RunningCompactions(),
            1);

    for (TableMaintenance maintenance : List.of(overRest, inProcess)) {
      // The attacker's row names the victim's own metadata file: same location, same UUID.
      PoisonedMetadata.pointCatalogAt(
          dir.resolve("catalog.db"),
          ATTACKER,
          server.catalog().tableMetadataLocation(ATTACKER).orElseThrow(),
          victim.metadataFileLocation());
      JobResult expiry = maintenance.run(ATTACKER, JobKind.EXPIRY, false);
      assertThat(expiry.count(Measure.DELETES_REFUSED)).as(expiry.summary()).isPositive();
      assertThat(expiry.details()).anyMatch(line -> line.contains(": the table owns no path: "));
      for (JobKind kind : List.of(JobKind.ORPHANS, JobKind.METADATA)) {
        maintenance.run(ATTACKER, kind, true);
        maintenance.run(ATTACKER, kind, false);
      }
    }
    assertThat(catalog.dropTable(ATTACKER, true)).isTrue();

    // New metadata files of the attacker's commits may have joined the victim's folder; every
    // object that was there is still there, unchanged.
    Map<String, String> after = objectsOutside(attacker.location());
    assertThat(after).containsAllEntriesOf(before);
    Table victimTable = catalog.loadTable(VICTIM);
    assertThat(rows(victimTable, victimTable.currentSnapshot().snapshotId()))
        .containsOnlyKeys(1L, 2L, 3L);
    assertThat(server.metrics().refusedDeletes()).isPositive();
  }

  private static void assertRefused(JobResult result, String path, String verb) {
    assertThat(result.succeeded()).as(result.summary()).isFalse();
    assertThat(result.count(Measure.DELETES_REFUSED)).as(result.summary()).isPositive();
    assertThat(result.error())
        .as(result.kind().label())
        .contains(verb + " to delete ")
        .contains("the table's metadata names files that are not its own");
    assertThat(result.details())
        .as(result.kind().label())
        .anyMatch(line -> line.startsWith(verb + " to delete " + path + ": "));
  }

  /**
   * Every object in the bucket outside a location, key, size and ETag, but for the catalog journal,
   * whose record of the table's pointer rightly follows its commits.
   */
  private Map<String, String> objectsOutside(String location) {
    String prefix = location.substring(("s3://" + s3.bucket() + "/").length()) + "/";
    Map<String, String> objects = new TreeMap<>();
    try (S3Client client = s3.client()) {
      for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(s3.bucket())).contents()) {
        if (!object.key().startsWith(prefix) && !object.key().contains(".firn/catalog/")) {
          objects.put(object.key(), object.size() + " " + object.eTag());
        }
      }
    }
    assertThat(objects).isNotEmpty();
    return objects;
  }

  private void put(String location, String text) {
    String key = location.substring(("s3://" + s3.bucket() + "/").length());
    try (S3Client client = s3.client()) {
      client.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString(text));
    }
  }

  private static TableMetadata metadata(Table table) {
    String location = ((HasTableOperations) table).operations().current().metadataFileLocation();
    return TableMetadataParser.read(table.io(), location);
  }

  private long size(TableMetadata metadata) {
    return catalog.loadTable(VICTIM).io().newInputFile(metadata.metadataFileLocation()).getLength();
  }

  private static String warehouse(Table table) {
    return table.location().substring(0, table.location().indexOf("/raw/"));
  }

  private TableMaintenance maintenance(Instant now) {
    return new TableMaintenance(
        catalog,
        new PolicyResolver(PolicyDefaults.standard()),
        Clock.fixed(now, ZoneOffset.UTC),
        new RunningCompactions(),
        1);
  }
}
