package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.PoisonedMetadata;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.policy.PolicyDefaults;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Spark engine in Spark local mode against a real Firn server (a child process) on its embedded
 * S3 store, with tables made and read through Spark SQL.
 */
class SparkEngineTest {
  private static final String[] REGIONS = {"north", "south", "east", "west"};

  @TempDir static Path dataDirectory;

  private static FirnProcess firn;
  private static SparkEngine engine;
  private static SparkSession spark;
  private static S3Client s3;
  private static final MovableClock clock = new MovableClock(Instant.now());
  private static final RunningCompactions running = new RunningCompactions();

  @BeforeAll
  static void startFirnAndSpark() throws Exception {
    firn = FirnProcess.start(dataDirectory.resolve("firn"), Path.of("target", "firn-serve.log"));
    // Spark signs in with the root credential, which Firn writes once it serves.
    firn.awaitReady();
    SparkEngineConfig config =
        SparkEngineConfig.of("local[2]", firn.catalogUri(), "firn")
            .withCatalogProperty("credential", firn.credential())
            .withCatalogProperty("oauth2-server-uri", firn.catalogUri() + "/v1/oauth/tokens")
            .withSparkProperty("spark.sql.shuffle.partitions", "2")
            .withSparkProperty("spark.default.parallelism", "2")
            .withSparkProperty("spark.ui.enabled", "false")
            .withSparkProperty("spark.driver.host", "127.0.0.1")
            .withSparkProperty("spark.driver.bindAddress", "127.0.0.1");
    engine = new SparkEngine(config, clock, PolicyDefaults.standard(), running);
    spark = engine.spark();
    Map<String, String> storage = firn.clientConfig();
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create(storage.get("s3.endpoint")))
            .region(Region.of(storage.get("client.region")))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        storage.get("s3.access-key-id"), storage.get("s3.secret-access-key"))))
            .build();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (firn != null) {
      firn.close();
    }
  }

  @BeforeEach
  void clockAtNow() {
    clock.set(Instant.now());
  }

  /**
   * A principal that is not an admin gets no storage keys: Spark writes and reads its table's files
   * through S3 requests Firn signs.
   */
  @Test
  void aSparkJobWithoutKeysWritesAndReadsThroughSignedRequests() throws Exception {
    String credential = firn.createPrincipal("spark_engineer", "engineer");
    String catalog = "signed";
    spark.conf().set("spark.sql.catalog." + catalog, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog." + catalog + ".type", "rest");
    spark.conf().set("spark.sql.catalog." + catalog + ".uri", firn.catalogUri().toString());
    spark.conf().set("spark.sql.catalog." + catalog + ".warehouse", "firn");
    spark.conf().set("spark.sql.catalog." + catalog + ".credential", credential);
    spark
        .conf()
        .set(
            "spark.sql.catalog." + catalog + ".oauth2-server-uri",
            firn.catalogUri() + "/v1/oauth/tokens");
    spark.conf().set("spark.sql.catalog." + catalog + ".rest.auth.type", "oauth2");
    sql("CREATE TABLE signed.raw.spark_signed (id BIGINT, region STRING) USING iceberg");
    sql("INSERT INTO signed.raw.spark_signed VALUES (1, 'north'), (2, 'south'), (3, 'east')");
    sql("INSERT INTO signed.raw.spark_signed VALUES (4, 'west')");
    assertThat(spark.sql("SELECT sum(id) FROM signed.raw.spark_signed").first().getLong(0))
        .isEqualTo(10L);
    assertThat(firn.log()).contains("/namespaces/raw/tables/spark_signed/sign -> 200");
  }

  @Test
  void compactionPacksSmallFilesIntoFewerWithTheSameRows() {
    TableIdentifier id = partitionedTable("raw.compact_packed", 10);
    assertThat(dataFiles(id)).isEqualTo(40);
    List<Object> before = checksum(id);

    JobResult result = engine.compaction(id).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.dryRun()).isFalse();
    assertThat(result.count(Measure.FILES_REWRITTEN)).isEqualTo(40);
    assertThat(result.count(Measure.FILES_ADDED)).isEqualTo(4);
    assertThat(result.count(Measure.BYTES_REWRITTEN)).isPositive();
    assertThat(result.count(Measure.BYTES_ADDED)).isPositive();
    assertThat(result.snapshotIds()).isNotEmpty();
    assertThat(dataFiles(id)).isEqualTo(4);
    assertThat(checksum(id)).isEqualTo(before);
  }

  @Test
  void compactionDryRunPlansGroupsAndChangesNothing() {
    TableIdentifier id = partitionedTable("raw.compact_planned", 3);
    sql(
        "ALTER TABLE firn.%s SET TBLPROPERTIES ('firn.maintenance.compaction.min-small-files'='2')",
        id);
    long snapshot = table(id).currentSnapshot().snapshotId();

    JobResult plan = engine.compaction(id).apply();

    assertThat(plan.succeeded()).as(plan.summary()).isTrue();
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.count(Measure.FILES_REWRITTEN)).isEqualTo(12);
    assertThat(plan.count(Measure.FILES_ADDED)).isEqualTo(4);
    assertThat(plan.details()).hasSize(4).allMatch(line -> line.startsWith("Would pack region="));
    assertThat(plan.snapshotIds()).isEmpty();
    assertThat(table(id).currentSnapshot().snapshotId()).isEqualTo(snapshot);
    assertThat(dataFiles(id)).isEqualTo(12);
  }

  @Test
  void compactionSortsWhenTheTableHasASortOrder() {
    TableIdentifier id = partitionedTable("raw.compact_sorted", 3);
    sql(
        "ALTER TABLE firn.%s SET TBLPROPERTIES ('firn.maintenance.compaction.min-small-files'='2')",
        id);
    sql("ALTER TABLE firn.%s WRITE ORDERED BY amount DESC", id);
    List<Object> before = checksum(id);

    JobResult result = engine.compaction(id).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.details()).isNotEmpty().allMatch(line -> line.startsWith("Sorted group"));
    assertThat(dataFiles(id)).isEqualTo(4);
    assertThat(checksum(id)).isEqualTo(before);
    int sortOrderId = table(id).sortOrder().orderId();
    assertThat(
            spark.sql("SELECT DISTINCT sort_order_id FROM firn." + id + ".files").collectAsList())
        .extracting(row -> row.getInt(0))
        .containsExactly(sortOrderId);
  }

  @Test
  void expiryKeepsTheSnapshotsThePolicyRetainsAndDeletesOnlyWhatTheOthersReached() {
    TableIdentifier id = partitionedTable("raw.expire_kept", 4);
    sql("ALTER TABLE firn.%s SET TBLPROPERTIES ('firn.maintenance.snapshot.min-kept'='2')", id);
    List<Long> snapshots = snapshotIds(id);
    List<Object> rows = checksum(id);

    JobResult young = engine.expiry(id).commit();
    assertThat(young.count(Measure.SNAPSHOTS_EXPIRED)).as("raw keeps 2 days").isZero();

    clock.advance(Duration.ofDays(3));
    JobResult plan = engine.expiry(id).apply();
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.snapshotIds()).containsExactlyInAnyOrderElementsOf(snapshots.subList(0, 2));
    assertThat(snapshotIds(id)).isEqualTo(snapshots);

    JobResult result = engine.expiry(id).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.snapshotIds()).containsExactlyInAnyOrderElementsOf(snapshots.subList(0, 2));
    assertThat(result.count(Measure.SNAPSHOTS_EXPIRED)).isEqualTo(2);
    assertThat(result.count(Measure.FILES_DELETED)).as("their manifest lists").isEqualTo(2);
    assertThat(snapshotIds(id)).isEqualTo(snapshots.subList(2, 4));
    assertThat(checksum(id)).isEqualTo(rows);
  }

  @Test
  void expiryKeepsTheSnapshotARunningCompactionReadsFrom() {
    TableIdentifier id = partitionedTable("raw.expire_held", 3);
    sql("ALTER TABLE firn.%s SET TBLPROPERTIES ('firn.maintenance.snapshot.min-kept'='1')", id);
    List<Long> snapshots = snapshotIds(id);
    clock.advance(Duration.ofDays(3));

    JobResult result;
    try (RunningCompactions.Hold hold =
        running.hold(table(id).uuid().toString(), snapshots.get(1))) {
      result = engine.expiry(id).commit();
    }

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.snapshotIds()).containsExactly(snapshots.get(0));
    assertThat(snapshotIds(id)).isEqualTo(snapshots.subList(1, 3));
  }

  @Test
  void orphanDryRunListsAPlantedOrphanOnlyOnceItIsOldEnough() {
    TableIdentifier id = partitionedTable("raw.orphans", 1);
    String orphan = plantOrphan(id, "data/region=north/planted-orphan.parquet");

    JobResult young = engine.orphans(id).apply();
    assertThat(young.succeeded()).as(young.summary()).isTrue();
    assertThat(young.count(Measure.ORPHANS_FOUND)).isZero();

    clock.advance(Duration.ofDays(3).plusHours(1));
    JobResult plan = engine.orphans(id).apply();

    assertThat(plan.succeeded()).as(plan.summary()).isTrue();
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.count(Measure.ORPHANS_FOUND)).isEqualTo(1);
    assertThat(plan.details()).containsExactly("Would delete " + orphan);
    assertThat(exists(orphan)).isTrue();

    JobResult result = engine.orphans(id).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.ORPHANS_DELETED)).isEqualTo(1);
    assertThat(exists(orphan)).isFalse();
    assertThat(checksum(id).get(0)).isEqualTo(20L);
  }

  @Test
  void manifestRewriteMergesTheCurrentSnapshotsManifests() {
    TableIdentifier id = partitionedTable("raw.manifests", 4);
    assertThat(table(id).currentSnapshot().dataManifests(table(id).io())).hasSize(4);
    List<Object> rows = checksum(id);

    JobResult plan = engine.manifests(id).apply();
    assertThat(plan.count(Measure.MANIFESTS_REWRITTEN)).isEqualTo(4);
    assertThat(table(id).currentSnapshot().dataManifests(table(id).io())).hasSize(4);

    JobResult result = engine.manifests(id).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.MANIFESTS_REWRITTEN)).isEqualTo(4);
    assertThat(result.count(Measure.MANIFESTS_ADDED)).isEqualTo(1);
    assertThat(result.snapshotIds()).hasSize(1);
    assertThat(table(id).currentSnapshot().dataManifests(table(id).io())).hasSize(1);
    assertThat(checksum(id)).isEqualTo(rows);
  }

  @Test
  void tableWithoutGarbageCollectionGetsNoFileDeletingJob() {
    TableIdentifier id = partitionedTable("raw.no_gc", 2);
    sql(
        "ALTER TABLE firn.%s SET TBLPROPERTIES ('gc.enabled'='false', 'firn.maintenance.snapshot.min-kept'='1')",
        id);
    String orphan = plantOrphan(id, "data/planted-orphan.parquet");
    List<Long> snapshots = snapshotIds(id);
    clock.advance(Duration.ofDays(30));

    JobResult expiry = engine.run(JobKind.EXPIRY, id, false);
    JobResult orphans = engine.run(JobKind.ORPHANS, id, false);

    assertThat(expiry.details()).containsExactly(dev.firn.vocabulary.TableGc.DISABLED);
    assertThat(orphans.details()).containsExactly(dev.firn.vocabulary.TableGc.DISABLED);
    assertThat(expiry.counts()).isEmpty();
    assertThat(orphans.counts()).isEmpty();
    assertThat(snapshotIds(id)).isEqualTo(snapshots);
    assertThat(exists(orphan)).isTrue();
  }

  @Test
  void runReportsAMissingTableAsAFailedResult() {
    JobResult result = engine.run(JobKind.COMPACTION, TableIdentifier.parse("raw.missing"), false);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).contains("NoSuchTableException");
  }

  @Test
  void metadataJobsAreLeftToFirnsOwnEngine() {
    JobResult result = engine.run(JobKind.METADATA, TableIdentifier.parse("raw.any"), true);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error())
        .startsWith("UnsupportedOperationException: The Spark engine does not");
  }

  @Test
  void compactionTakesItsTargetSizeAndMinimumInputFilesFromTheCaller() {
    TableIdentifier id = partitionedTable("raw.compact_run", 2);

    JobResult result = engine.compaction(id).targetFileSize(64L << 20).minInputFiles(2).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.FILES_REWRITTEN)).isEqualTo(8);
    assertThat(result.count(Measure.FILES_ADDED)).isEqualTo(4);
  }

  @Test
  void aPoisonedTableLosesNothingOutsideItsLocationToExpiryOrOrphanRemoval() throws Exception {
    TableIdentifier victimId = partitionedTable("raw.poison_victim", 2);
    TableIdentifier attackerId = partitionedTable("raw.poison_attacker", 2);
    sql(
        "ALTER TABLE firn.%s SET TBLPROPERTIES ('firn.maintenance.snapshot.min-kept'='1')",
        attackerId);
    List<Object> victimRows = checksum(victimId);
    Table attacker = table(attackerId);
    TableMetadata real = metadata(attacker);
    TableMetadata victim = metadata(table(victimId));
    long victimMetadataSize = attacker.io().newInputFile(victim.metadataFileLocation()).getLength();
    String poisoned =
        attacker.location() + "/metadata/00009-" + UUID.randomUUID() + ".metadata.json";
    put(poisoned, PoisonedMetadata.of(real, victim, victimMetadataSize));
    PoisonedMetadata.pointCatalogAt(
        dataDirectory.resolve("firn").resolve("catalog.db"),
        attackerId,
        real.metadataFileLocation(),
        poisoned);
    Map<String, String> before = objectsOutside(attacker.location());
    clock.advance(Duration.ofDays(30));

    List<JobResult> plans =
        List.of(engine.orphans(attackerId).apply(), engine.expiry(attackerId).apply());
    JobResult orphans = engine.orphans(attackerId).commit();
    JobResult expiry = engine.expiry(attackerId).commit();

    assertThat(objectsOutside(attacker.location())).isEqualTo(before);
    assertThat(checksum(victimId)).isEqualTo(victimRows);
    assertThat(plans).allSatisfy(plan -> assertThat(plan.succeeded()).as(plan.summary()).isTrue());
    assertThat(orphans.succeeded()).as(orphans.summary()).isTrue();
    assertThat(orphans.count(Measure.DELETES_REFUSED)).isZero();
    assertThat(expiry.count(Measure.SNAPSHOTS_EXPIRED)).as(expiry.summary()).isEqualTo(2);
    assertThat(expiry.count(Measure.FILES_DELETED))
        .as("the table's own expired files")
        .isPositive();
    assertThat(expiry.count(Measure.DELETES_REFUSED)).isPositive();
    assertThat(expiry.error())
        .startsWith("Refused to delete ")
        .contains("outside the table location " + attacker.location());
    assertThat(expiry.details())
        .anyMatch(
            line -> line.startsWith("Refused to delete " + victim.metadataFileLocation() + ": "));
  }

  // Helpers -------------------------------------------------------------------------------

  /**
   * Every object in a location's bucket outside the location, key, size and ETag, but for the
   * catalog journal, whose record of a table's pointer rightly follows its commits.
   */
  private static Map<String, String> objectsOutside(String location) {
    URI uri = URI.create(location);
    String prefix = uri.getPath().substring(1) + "/";
    Map<String, String> objects = new TreeMap<>();
    for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(uri.getHost())).contents()) {
      if (!object.key().startsWith(prefix) && !object.key().contains(".firn/catalog/")) {
        objects.put(object.key(), object.size() + " " + object.eTag());
      }
    }
    assertThat(objects).isNotEmpty();
    return objects;
  }

  private static void put(String location, String text) {
    URI uri = URI.create(location);
    s3.putObject(
        b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)), RequestBody.fromString(text));
  }

  /** A table's current metadata, as its file holds it. */
  private static TableMetadata metadata(Table table) {
    String location = ((HasTableOperations) table).operations().current().metadataFileLocation();
    return TableMetadataParser.read(table.io(), location);
  }

  /** Writes a file under the table's location straight to S3, as a failed writer would leave. */
  private static String plantOrphan(TableIdentifier id, String relativePath) {
    String location = table(id).location() + "/" + relativePath;
    URI uri = URI.create(location);
    s3.putObject(
        b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)),
        RequestBody.fromString("not referenced by any snapshot"));
    return location;
  }

  private static boolean exists(String location) {
    URI uri = URI.create(location);
    try {
      s3.headObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  /** A table partitioned by region, with one file per region from each of {@code commits}. */
  private static TableIdentifier partitionedTable(String name, int commits) {
    sql(
        "CREATE TABLE firn.%s (id BIGINT, region STRING, amount DOUBLE) USING iceberg"
            + " PARTITIONED BY (region)",
        name);
    for (int commit = 0; commit < commits; commit++) {
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < REGIONS.length; r++) {
        for (int i = 0; i < 5; i++) {
          long rowId = commit * 100L + r * 10 + i;
          rows.add(String.format("(%d, '%s', %d.5)", rowId, REGIONS[r], rowId));
        }
      }
      sql("INSERT INTO firn.%s VALUES %s", name, String.join(", ", rows));
    }
    return TableIdentifier.parse(name);
  }

  /** Row count and an order-free checksum of every row. */
  private static List<Object> checksum(TableIdentifier id) {
    Row row =
        spark
            .sql("SELECT count(*), sum(xxhash64(id, region, amount)) FROM firn." + id)
            .collectAsList()
            .get(0);
    return List.of(row.getLong(0), row.getLong(1));
  }

  private static long dataFiles(TableIdentifier id) {
    return spark.sql("SELECT * FROM firn." + id + ".files").count();
  }

  private static Table table(TableIdentifier id) {
    return Spark3Util.loadIcebergCatalog(spark, "firn").loadTable(id);
  }

  private static List<Long> snapshotIds(TableIdentifier id) {
    List<Long> ids = new ArrayList<>();
    for (Snapshot snapshot : table(id).snapshots()) {
      ids.add(snapshot.snapshotId());
    }
    return ids;
  }

  private static void sql(String statement, Object... args) {
    spark.sql(String.format(statement, args)).collectAsList();
  }
}
