package dev.firn.catalog.rest;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.rebase.CraftedManifestList;
import dev.firn.testing.S3Endpoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What an attacker with nothing but HTTP access to a fresh Firn finds, built for real on a running
 * server: a table of theirs in {@code raw} ({@code orders}, format version 2, two appends), an old
 * format version 1 table ({@code legacy}), a victim table in {@code curated} ({@code customers}),
 * an object outside every table, and a second bucket. Hostile requests aim at these; the listing of
 * both buckets, with sizes and ETags, tells whether any of them moved.
 */
public final class HostileScene implements AutoCloseable {
  public static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  public final String bucket;
  public final String otherBucket;
  public final String warehouse;
  public final TableIdentifier orders = TableIdentifier.of("raw", "sales", "orders");
  public final TableIdentifier legacy = TableIdentifier.of("raw", "sales", "legacy");
  public final TableIdentifier customers = TableIdentifier.of("curated", "sales", "customers");
  public final String ordersLocation;
  public final String legacyLocation;
  public final String customersLocation;

  /** The victim's current metadata file, manifest list, one manifest and one data file. */
  public final String customersMetadata;

  public final String customersManifestList;
  public final String customersManifest;
  public final String customersDataFile;

  private final String legacyMetadata;

  /** An object in the warehouse that belongs to no table. */
  public final String looseObject;

  /** An object outside the warehouse. */
  public final String outsideObject;

  /** An object in the second bucket. */
  public final String otherBucketObject;

  /** The head of {@code orders} before its last append, and what it listed. */
  public final long ordersStaleHead;

  public final long ordersStaleSequenceNumber;
  public final List<ManifestFile> ordersStaleManifests;

  private final S3Client objects;
  private final CatalogServer server;
  private final RESTCatalog client;

  private HostileScene(Builder built) {
    this.bucket = built.bucket;
    this.otherBucket = built.otherBucket;
    this.warehouse = built.warehouse;
    this.objects = built.objects;
    this.server = built.server;
    this.client = built.client;
    client.createNamespace(Namespace.of("raw", "sales"));
    client.createNamespace(Namespace.of("curated", "sales"));
    Table ordersTable = client.createTable(orders, SCHEMA);
    Table legacyTable =
        client.createTable(
            legacy, SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "1"));
    Table customersTable = client.createTable(customers, SCHEMA);
    append(ordersTable);
    ordersTable.refresh();
    Snapshot stale = ordersTable.currentSnapshot();
    this.ordersStaleHead = stale.snapshotId();
    this.ordersStaleSequenceNumber = stale.sequenceNumber();
    this.ordersStaleManifests = stale.allManifests(ordersTable.io());
    append(ordersTable);
    append(legacyTable);
    append(customersTable);
    customersTable.refresh();
    this.ordersLocation = ordersTable.location();
    this.legacyLocation = legacyTable.location();
    this.customersLocation = customersTable.location();
    this.customersMetadata = metadata(customersTable).metadataFileLocation();
    legacyTable.refresh();
    this.legacyMetadata = metadata(legacyTable).metadataFileLocation();
    Snapshot victim = customersTable.currentSnapshot();
    this.customersManifestList = victim.manifestListLocation();
    this.customersManifest = victim.allManifests(customersTable.io()).get(0).path();
    this.customersDataFile =
        victim.addedDataFiles(customersTable.io()).iterator().next().location();
    this.looseObject = put(warehouse + "/raw/loose.bin");
    this.outsideObject = put("s3://" + bucket + "/outside.bin");
    this.otherBucketObject = put("s3://" + otherBucket + "/warehouse/raw/sales/stolen.bin");
  }

  /**
   * Builds the scene on a fresh warehouse in a bucket of its own, with a second bucket beside it.
   */
  public static HostileScene create(
      S3Endpoint s3, S3Client objects, TestCatalogServers.Database database) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Builder built = new Builder();
    built.bucket = "hostile-" + suffix;
    built.otherBucket = "elsewhere-" + suffix;
    built.warehouse = "s3://" + built.bucket + "/warehouse";
    built.objects = objects;
    objects.createBucket(b -> b.bucket(built.bucket));
    objects.createBucket(b -> b.bucket(built.otherBucket));
    built.server = TestCatalogServers.start(s3, database, built.bucket, built.warehouse);
    built.client = TestCatalogServers.client(built.server, Map.of());
    return new HostileScene(built);
  }

  private static final class Builder {
    String bucket;
    String otherBucket;
    String warehouse;
    S3Client objects;
    CatalogServer server;
    RESTCatalog client;
  }

  public CatalogServer server() {
    return server;
  }

  /** A REST client of the server, as a user configures one. */
  public RESTCatalog client() {
    return client;
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
    } finally {
      server.close();
    }
  }

  /** The {@code Authorization} header of a raw request as {@code root}. */
  public String authorization() {
    return TestCatalogServers.bearer(server);
  }

  /** The REST prefix of the warehouse: {@code http://host:port/v1/<warehouse>}. */
  public String base() {
    return server.uri() + "/v1/" + server.config().warehouseName();
  }

  /**
   * Writes a manifest list into the table's own metadata folder, as a stale append of {@code
   * orders} built on its old head would list it, naming {@code newManifest} as the manifest it
   * adds. Returns the list's location.
   */
  public String staleAppendList(long snapshotId, String newManifest) {
    String location = ordersLocation + "/metadata/snap-" + snapshotId + "-crafted.avro";
    CraftedManifestList.appendList(
        server.catalog().io(),
        location,
        snapshotId,
        ordersStaleHead,
        ordersStaleSequenceNumber + 1,
        ordersStaleManifests,
        newManifest);
    return location;
  }

  /** Uploads text into the warehouse, as anyone holding the storage keys can. */
  public String upload(String location, String text) {
    S3Path path = S3Path.of(location);
    objects.putObject(b -> b.bucket(path.bucket()).key(path.key()), RequestBody.fromString(text));
    return location;
  }

  /**
   * Every object of both buckets, key to size and ETag, but for the catalog journal: the catalog's
   * own record of names, which a drop rightly changes.
   */
  public Map<String, String> listing() {
    server.journal().flush();
    Map<String, String> listing = new TreeMap<>();
    for (String name : List.of(bucket, otherBucket)) {
      objects
          .listObjectsV2Paginator(b -> b.bucket(name))
          .contents()
          .forEach(
              object -> {
                if (!object.key().contains("/.firn/catalog/")) {
                  listing.put(name + "/" + object.key(), describe(object));
                }
              });
    }
    return listing;
  }

  /** The current metadata of a table as the server holds it. */
  public TableMetadata current(TableIdentifier id) {
    return ((HasTableOperations) server.catalog().loadTable(id)).operations().current();
  }

  private static String describe(S3Object object) {
    return object.size() + " " + object.eTag();
  }

  private static TableMetadata metadata(Table table) {
    return ((HasTableOperations) table).operations().current();
  }

  private void append(Table table) {
    table.newFastAppend().appendFile(dataFile(table, objects)).commit();
  }

  /** A data file of one row under the table's location, its object written for real. */
  public static DataFile dataFile(Table table, S3Client objects) {
    String path = table.location() + "/data/" + UUID.randomUUID() + ".parquet";
    S3Path object = S3Path.of(path);
    objects.putObject(
        b -> b.bucket(object.bucket()).key(object.key()),
        RequestBody.fromString("firn test object " + path));
    return DataFiles.builder(table.spec())
        .withPath(path)
        .withFileSizeInBytes(16)
        .withRecordCount(1)
        .withFormat("parquet")
        .build();
  }

  /** The metadata file {@code legacy} had when the scene was built. */
  public String legacyMetadataAtStart() {
    return legacyMetadata;
  }

  private String put(String location) {
    return upload(location, "firn test object " + location);
  }

  /** A bucket and key. */
  record S3Path(String bucket, String key) {
    static S3Path of(String location) {
      String rest = location.substring(location.indexOf("://") + 3);
      int slash = rest.indexOf('/');
      return new S3Path(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }
}
