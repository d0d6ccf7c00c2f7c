package dev.firn.maintenance.orphans;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.writer.TableWriter;
import dev.firn.writer.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A running Firn server on the S3 test endpoint, small tables, and orphans planted beside them. */
@ExtendWith(S3EndpointExtension.class)
abstract class OrphanSweepTestBase {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "region", Types.StringType.get()),
          optional(3, "note", Types.StringType.get()));

  protected S3Endpoint s3;
  protected CatalogServer server;
  protected RESTCatalog catalog;
  protected TableWriter writer;
  protected S3Client client;
  @TempDir protected Path dir;

  @BeforeEach
  void startServer(S3Endpoint endpoint) {
    s3 = endpoint;
    server = TestCatalogServers.start(endpoint, Database.sqlite(dir));
    catalog = TestCatalogServers.client(server, Map.of());
    writer = new TableWriter(catalog);
    client = endpoint.client();
  }

  @AfterEach
  void stopServer() throws IOException {
    client.close();
    writer.close();
    catalog.close();
    server.close();
  }

  /** A table in the raw zone with one append of three rows. */
  Table table(String name, int formatVersion, List<String> partitionBy, Map<String, String> props) {
    TableIdentifier id = TableIdentifier.of("raw", name);
    writer
        .ingest(id)
        .records(SCHEMA, List.of(row(1, "eu", "a"), row(2, "us", "b"), row(3, "eu", "c")))
        .createIfMissing(true)
        .formatVersion(formatVersion)
        .partitionBy(partitionBy)
        .tableProperties(props)
        .commit();
    return catalog.loadTable(id);
  }

  Table table(String name) {
    return table(name, 2, List.of(), Map.of());
  }

  /**
   * A partitioned format v2 table with history to expire. Main: s1 - s2 - s3 (upsert: equality
   * deletes) - s4 - s5 (overwrite of region eu, so that only s4 reads its eu file) - s6 (position
   * delete), with statistics on s6. With refs, a tag {@code v1} on s2, a branch {@code audit} from
   * s3 with three snapshots of its own, keeping its last two whatever their age, and the snapshot
   * of a branch since removed, which alone reads its data file.
   */
  Table history(String name, boolean refs) {
    TableIdentifier id = TableIdentifier.of("raw", name);
    Table table = table(name, 2, List.of("region"), Map.of());
    writer.ingest(id).records(SCHEMA, List.of(row(4, "us", "d"), row(5, "eu", "e"))).commit();
    table.refresh();
    if (refs) {
      table.manageSnapshots().createTag("v1", table.currentSnapshot().snapshotId()).commit();
    }
    writer
        .ingest(id)
        .records(SCHEMA, List.of(row(2, "us", "b2")))
        .mode(WriteMode.UPSERT)
        .keys(List.of("id", "region"))
        .commit();
    if (refs) {
      table.refresh();
      table
          .manageSnapshots()
          .createBranch("audit", table.currentSnapshot().snapshotId())
          .setMinSnapshotsToKeep("audit", 2)
          .setMaxSnapshotAgeMs("audit", 1)
          .commit();
      for (long row = 50; row < 53; row++) {
        writer
            .ingest(id)
            .records(SCHEMA, List.of(row(row, "us", "audit")))
            .branch("audit")
            .commit();
      }
      table.refresh();
      table
          .manageSnapshots()
          .createBranch("scratch", table.currentSnapshot().snapshotId())
          .commit();
      writer.ingest(id).records(SCHEMA, List.of(row(90, "us", "x"))).branch("scratch").commit();
      table.manageSnapshots().removeBranch("scratch").commit();
    }
    writer.ingest(id).records(SCHEMA, List.of(row(6, "us", "f"), row(8, "eu", "h"))).commit();
    writer
        .ingest(id)
        .records(SCHEMA, List.of(row(7, "eu", "g")))
        .mode(WriteMode.OVERWRITE)
        .commit();
    table.refresh();
    DataFile eu = table.currentSnapshot().addedDataFiles(table.io()).iterator().next();
    TableFiles.commitPositionDelete(table, eu, 0);
    TableFiles.commitStatistics(table);
    return table;
  }

  static Record row(long id, String region, String note) {
    Record row = GenericRecord.create(SCHEMA);
    row.setField("id", id);
    row.setField("region", region);
    row.setField("note", note);
    return row;
  }

  /** Every object under the table's location, with its size. */
  Map<String, Long> objects(Table table) {
    Map<String, Long> objects = new TreeMap<>();
    for (S3Object object :
        client
            .listObjectsV2Paginator(b -> b.bucket(s3.bucket()).prefix(key(table.location()) + "/"))
            .contents()) {
      objects.put("s3://" + s3.bucket() + "/" + object.key(), object.size());
    }
    return objects;
  }

  /** Puts an object under the table's location; returns its location. */
  String plant(Table table, String relativePath, byte[] content) {
    String location = table.location() + "/" + relativePath;
    client.putObject(b -> b.bucket(s3.bucket()).key(key(location)), RequestBody.fromBytes(content));
    return location;
  }

  /**
   * Plants orphans of many shapes under data/ and metadata/, a few of them copies of the table's
   * own current metadata file; returns their locations and sizes.
   */
  Map<String, Long> plantOrphans(Table table, int count) {
    byte[] ownMetadata = read(metadataLocation(table));
    List<String> shapes =
        List.of(
            "data/orphan-%d.parquet",
            "data/region=eu/00000-%d-" + UUID.randomUUID() + "-00001.parquet",
            "metadata/snap-%d-1-" + UUID.randomUUID() + ".avro",
            "metadata/" + UUID.randomUUID() + "-m%d.avro",
            "data/" + UUID.randomUUID() + "-deletes-%d.puffin",
            "metadata/stats-%d.stats",
            "data/_temporary/0/part-%d.crc",
            "data/no-extension-%d",
            "metadata/%05d-" + UUID.randomUUID() + ".metadata.json");
    Map<String, Long> planted = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String shape = shapes.get(i % shapes.size());
      byte[] content =
          shape.endsWith(".metadata.json")
              ? ownMetadata
              : ("orphan " + i).getBytes(StandardCharsets.UTF_8);
      planted.put(plant(table, String.format(shape, i), content), (long) content.length);
    }
    return planted;
  }

  byte[] read(String location) {
    return client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key(key(location))).asByteArray();
  }

  static String metadataLocation(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  /** The rows of the table's main branch, as sorted text. */
  static List<String> rows(Table table) {
    return rows(table, table.currentSnapshot().snapshotId());
  }

  /** The rows of a snapshot, as sorted text. */
  static List<String> rows(Table table, long snapshotId) {
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      records.forEach(record -> rows.add(record.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    return rows;
  }

  /** A clock this long after now, when the planted files were written. */
  static Clock after(Duration elapsed) {
    return Clock.fixed(Instant.now().plus(elapsed), ZoneOffset.UTC);
  }

  String key(String location) {
    return location.substring(("s3://" + s3.bucket() + "/").length());
  }
}
