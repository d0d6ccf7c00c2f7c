package dev.firn.maintenance;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.writer.Ingest;
import dev.firn.writer.TableWriter;
import dev.firn.writer.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A running Firn server on the S3 test endpoint and SQLite, a REST client, a writer that loads
 * tables the way users do, and ways to look at what a table's snapshots reach on storage.
 */
@ExtendWith(S3EndpointExtension.class)
public abstract class RealServerTest {
  protected static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()), optional(2, "name", Types.StringType.get()));

  protected S3Endpoint s3;
  protected CatalogServer server;
  protected RESTCatalog catalog;
  protected TableWriter writer;
  @TempDir protected Path dir;

  @BeforeEach
  void startServer(S3Endpoint endpoint) {
    s3 = endpoint;
    server = TestCatalogServers.start(endpoint, Database.sqlite(dir));
    catalog = TestCatalogServers.client(server, Map.of());
    writer = new TableWriter(catalog);
  }

  @AfterEach
  void stopServer() throws IOException {
    writer.close();
    catalog.close();
    server.close();
  }

  protected static TableIdentifier raw(String name) {
    return TableIdentifier.of("raw", name);
  }

  /** The policy of a table in the raw zone that sets these values. */
  protected static EffectivePolicy policy(Map<PolicyKey, String> values) {
    Map<String, String> properties = new HashMap<>();
    values.forEach((key, value) -> properties.put(key.property(), value));
    return new PolicyResolver(PolicyDefaults.standard())
        .resolve("raw", List.of(new PolicyResolver.Layer("table", properties)));
  }

  protected static EffectivePolicy policy(PolicyKey key, String value) {
    Map<PolicyKey, String> values = new EnumMap<>(PolicyKey.class);
    values.put(key, value);
    return policy(values);
  }

  /** Loads rows with these ids through the writer, creating the table; returns the snapshot. */
  protected long load(TableIdentifier table, WriteMode mode, long... ids) {
    return load(table, mode, null, ids);
  }

  protected long load(TableIdentifier table, WriteMode mode, String branch, long... ids) {
    List<Record> records = new ArrayList<>();
    for (long id : ids) {
      Record record = GenericRecord.create(SCHEMA);
      record.setField("id", id);
      record.setField("name", "row " + id + " " + mode);
      records.add(record);
    }
    Ingest ingest =
        writer
            .ingest(table)
            .records(SCHEMA, records)
            .batchId(UUID.randomUUID().toString())
            .createIfMissing(true)
            .mode(mode)
            .threads(1);
    if (mode == WriteMode.UPSERT || mode == WriteMode.DELETE) {
      ingest.keys(List.of("id"));
    }
    if (branch != null) {
      ingest.branch(branch);
    }
    return ingest.commit().snapshotId();
  }

  /** The rows of a snapshot, as id to name, in id order. */
  protected static Map<Long, String> rows(Table table, long snapshotId) {
    Map<Long, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      records.forEach(r -> rows.put((Long) r.getField("id"), (String) r.getField("name")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * Every file a snapshot reaches: its manifest list, its manifests, and the data and delete files
   * live in them.
   */
  protected static List<String> reachable(Table table, Snapshot snapshot) {
    List<String> files = new ArrayList<>();
    files.add(snapshot.manifestListLocation());
    for (ManifestFile manifest : snapshot.allManifests(table.io())) {
      files.add(manifest.path());
      try (CloseableIterable<String> paths = contentPaths(table, manifest)) {
        paths.forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static CloseableIterable<String> contentPaths(Table table, ManifestFile manifest) {
    if (manifest.content() == ManifestContent.DELETES) {
      return CloseableIterable.transform(
          ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs()),
          file -> file.location());
    }
    return CloseableIterable.transform(
        ManifestFiles.read(manifest, table.io(), table.specs()), file -> file.location());
  }

  protected static boolean exists(Table table, String location) {
    return table.io().newInputFile(location).exists();
  }

  /** The keys of every object under a location on the test endpoint. */
  protected List<String> objects(String location) {
    String withoutScheme = location.substring("s3://".length());
    String bucket = withoutScheme.substring(0, withoutScheme.indexOf('/'));
    String prefix = withoutScheme.substring(bucket.length() + 1);
    try (S3Client client = s3.client()) {
      return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
          .map(S3Object::key)
          .sorted()
          .toList();
    }
  }
}
