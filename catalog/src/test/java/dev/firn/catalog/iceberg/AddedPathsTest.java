package dev.firn.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.ImmutableGenericPartitionStatisticsFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The storage boundary on the way in, field by field, and the server's say over snapshot times. */
class AddedPathsTest {
  private static final TableIdentifier ID = TableIdentifier.of("raw", "orders");
  private static final String LOCATION = "s3://warehouse/raw/orders-1";
  private static final String FOREIGN = "s3://warehouse/curated/customers-2/metadata/snap-9.avro";
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private final TableMetadata base = table(2);

  @Test
  void newSnapshotsMustListTheirManifestsInsideTheTable() {
    TableMetadata own = withSnapshot(base, snapshot(1, LOCATION + "/metadata/snap-1.avro"));
    assertThatCode(() -> AddedPaths.check(ID, base, own)).doesNotThrowAnyException();

    TableMetadata foreign = withSnapshot(base, snapshot(1, FOREIGN));
    assertThatThrownBy(() -> AddedPaths.check(ID, base, foreign))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("manifest-list of add-snapshot")
        .hasMessageContaining(FOREIGN);
    // A snapshot the base already holds is not checked again: it did not arrive with this commit.
    assertThatCode(() -> AddedPaths.check(ID, foreign, withProperty(foreign)))
        .doesNotThrowAnyException();
  }

  @Test
  void inlineManifestsAreRefusedOnFormatVersion2AndCheckedOnVersion1() {
    assertThatThrownBy(
            () -> AddedPaths.check(ID, base, withSnapshot(base, inline(1, LOCATION + "/m.avro"))))
        .hasMessageContaining("inline");
    TableMetadata v1 = table(1);
    assertThatCode(
            () -> AddedPaths.check(ID, v1, withSnapshot(v1, inline(1, LOCATION + "/m.avro"))))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> AddedPaths.check(ID, v1, withSnapshot(v1, inline(1, FOREIGN))))
        .hasMessageContaining("manifests of add-snapshot");
  }

  @Test
  void statisticsFilesMustBeInsideTheTable() {
    TableMetadata snapshotted = withSnapshot(base, snapshot(1, LOCATION + "/metadata/snap-1.avro"));
    TableMetadata statistics =
        TableMetadata.buildFrom(snapshotted)
            .setStatistics(new GenericStatisticsFile(1, FOREIGN, 1, 1, List.of()))
            .build();
    assertThatThrownBy(() -> AddedPaths.check(ID, snapshotted, statistics))
        .hasMessageContaining("statistics-path of set-statistics");
    TableMetadata partitionStatistics =
        TableMetadata.buildFrom(snapshotted)
            .setPartitionStatistics(
                ImmutableGenericPartitionStatisticsFile.builder()
                    .snapshotId(1)
                    .path(LOCATION + "/../customers-2/p.parquet")
                    .fileSizeInBytes(1)
                    .build())
            .build();
    assertThatThrownBy(() -> AddedPaths.check(ID, snapshotted, partitionStatistics))
        .hasMessageContaining("statistics-path of set-partition-statistics")
        .hasMessageContaining("'..'");
  }

  @Test
  void registeredMetadataIsCheckedWholeAndMustLieInItsLocation() throws Exception {
    TableMetadata registered =
        TableMetadataParser.fromJson(
            LOCATION + "/metadata/00001.metadata.json",
            TableMetadataParser.toJson(withSnapshot(base, snapshot(1, LOCATION + "/snap.avro")))
                .replace(
                    "\"metadata-log\":[]",
                    "\"metadata-log\":[{\"timestamp-ms\":1,\"metadata-file\":\""
                        + FOREIGN
                        + "\"}]"));
    assertThatThrownBy(() -> AddedPaths.check(ID, null, registered))
        .hasMessageContaining("metadata-log entry");
    TableMetadata elsewhere =
        TableMetadataParser.fromJson(
            "s3://warehouse/raw/other-3/metadata/00001.metadata.json",
            TableMetadataParser.toJson(base));
    assertThatThrownBy(() -> AddedPaths.checkRegistered(ID, elsewhere))
        .hasMessageContaining("metadata-location of register");
  }

  @Test
  void addedSnapshotsMayNotBeStampedFarFromTheServersClock() {
    long lastUpdate = base.lastUpdatedMillis();
    TableMetadata old = withSnapshot(base, snapshotAt(1, 0L));
    assertThatThrownBy(() -> SnapshotTimes.check(ID, base, old, clockAt(lastUpdate)))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("timestamp-ms");
    long slightlyBefore = lastUpdate - Duration.ofMinutes(4).toMillis();
    assertThatCode(
            () ->
                SnapshotTimes.check(
                    ID,
                    base,
                    withSnapshot(base, snapshotAt(1, slightlyBefore)),
                    clockAt(lastUpdate)))
        .doesNotThrowAnyException();
    long tomorrow = lastUpdate + Duration.ofDays(1).toMillis();
    assertThatThrownBy(
            () ->
                SnapshotTimes.check(
                    ID, base, withSnapshot(base, snapshotAt(1, tomorrow)), clockAt(lastUpdate)))
        .hasMessageContaining("in the future");
  }

  private static Clock clockAt(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static TableMetadata table(int formatVersion) {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    return TableMetadata.newTableMetadata(
        schema,
        PartitionSpec.unpartitioned(),
        SortOrder.unsorted(),
        LOCATION,
        Map.of("format-version", String.valueOf(formatVersion)));
  }

  private static TableMetadata withSnapshot(TableMetadata table, Snapshot snapshot) {
    return TableMetadata.buildFrom(table).addSnapshot(snapshot).build();
  }

  private static TableMetadata withProperty(TableMetadata table) {
    return TableMetadata.buildFrom(table).setProperties(Map.of("owner", "ops")).build();
  }

  private static Snapshot snapshot(long id, String manifestList) {
    return SnapshotParser.fromJson(
        "{\"snapshot-id\":"
            + id
            + ",\"sequence-number\":1,\"timestamp-ms\":"
            + NOW.toEpochMilli()
            + ",\"manifest-list\":\""
            + manifestList
            + "\",\"summary\":{\"operation\":\"append\"},\"schema-id\":0}");
  }

  private static Snapshot snapshotAt(long id, long timestamp) {
    return SnapshotParser.fromJson(
        "{\"snapshot-id\":"
            + id
            + ",\"sequence-number\":1,\"timestamp-ms\":"
            + timestamp
            + ",\"manifest-list\":\""
            + LOCATION
            + "/metadata/snap.avro\",\"summary\":{\"operation\":\"append\"},\"schema-id\":0}");
  }

  private static Snapshot inline(long id, String manifest) {
    return SnapshotParser.fromJson(
        "{\"snapshot-id\":"
            + id
            + ",\"timestamp-ms\":"
            + NOW.toEpochMilli()
            + ",\"manifests\":[\""
            + manifest
            + "\"],\"summary\":{\"operation\":\"append\"},\"schema-id\":0}");
  }
}
