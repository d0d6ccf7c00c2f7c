package dev.firn.writer;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
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

/** A running Firn server on the S3 test endpoint and SQLite, a REST client and a writer. */
@ExtendWith(S3EndpointExtension.class)
abstract class WriterTestBase {
  protected S3Endpoint s3;
  protected CatalogServer server;
  protected RESTCatalog catalog;
  protected TableWriter writer;
  @TempDir protected Path dir;

  @BeforeEach
  void startServer(S3Endpoint endpoint) {
    s3 = endpoint;
    server = TestCatalogServers.start(endpoint, Database.sqlite(dir));
    catalog = newClient();
    writer = new TableWriter(catalog);
  }

  @AfterEach
  void stopServer() throws IOException {
    writer.close();
    catalog.close();
    server.close();
  }

  protected RESTCatalog newClient() {
    return TestCatalogServers.client(server, Map.of());
  }

  /** How many objects lie under a location on the test endpoint. */
  protected int objectCount(String location) {
    String withoutScheme = location.substring("s3://".length());
    String bucket = withoutScheme.substring(0, withoutScheme.indexOf('/'));
    String prefix = withoutScheme.substring(bucket.length() + 1);
    try (S3Client client = s3.client()) {
      return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
          .mapToInt(o -> 1)
          .sum();
    }
  }

  static TableIdentifier raw(String name) {
    return TableIdentifier.of("raw", name);
  }

  /** Every row of the table's main branch, as plain values by column name, sorted by a column. */
  static List<Map<String, Object>> rows(Table table, String sortBy) {
    return rows(table, sortBy, null);
  }

  static List<Map<String, Object>> rows(Table table, String sortBy, Long snapshotId) {
    List<Map<String, Object>> rows = new ArrayList<>();
    var scan = IcebergGenerics.read(table);
    if (snapshotId != null) {
      scan = scan.useSnapshot(snapshotId);
    }
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record record : records) {
        rows.add(plain(record, table.schema().asStruct()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(Comparator.comparing(row -> String.valueOf(row.get(sortBy))));
    return rows;
  }

  /** A record as name-to-value maps, nested records and maps included, for deep comparison. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plain(Record record, Types.StructType struct) {
    Map<String, Object> values = new TreeMap<>();
    for (Types.NestedField field : struct.fields()) {
      values.put(field.name(), plainValue(record.getField(field.name()), field.type()));
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private static Object plainValue(Object value, org.apache.iceberg.types.Type type) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case STRUCT:
        return plain((Record) value, type.asStructType());
      case LIST:
        {
          List<Object> list = new ArrayList<>();
          for (Object element : (List<Object>) value) {
            list.add(plainValue(element, type.asListType().elementType()));
          }
          return list;
        }
      case MAP:
        {
          Map<Object, Object> map = new TreeMap<>();
          ((Map<Object, Object>) value)
              .forEach(
                  (k, v) ->
                      map.put(
                          plainValue(k, type.asMapType().keyType()),
                          plainValue(v, type.asMapType().valueType())));
          return map;
        }
      default:
        return value instanceof CharSequence ? value.toString() : value;
    }
  }
}
