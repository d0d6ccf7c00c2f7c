package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table whose metadata names another table's files, written straight into the catalog database as
 * an older Firn or another tool could have: the catalog's own deletes (the old metadata files a
 * commit drops, and purge on drop) delete its files and nothing of anyone else's, and count what
 * they refused.
 */
@ExtendWith(S3EndpointExtension.class)
class PoisonedTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path databaseDirectory;

  @Test
  void commitsAndPurgeOfAPoisonedTableDeleteOnlyItsOwnFiles(S3Endpoint s3) throws Exception {
    try (S3Client objects = s3.client();
        HostileScene scene = HostileScene.create(s3, objects, Database.sqlite(databaseDirectory))) {
      String replaced = poison(scene);
      Map<String, String> before = scene.listing();

      // Old metadata files leave the log with each commit, and the table asks for them to go.
      Table orders = scene.client().loadTable(scene.orders);
      orders
          .updateProperties()
          .set("write.metadata.delete-after-commit.enabled", "true")
          .set("write.metadata.previous-versions-max", "1")
          .commit();
      orders.updateProperties().set("owner", "ops").commit();
      assertThat(scene.client().dropTable(scene.orders, true)).isTrue();

      Map<String, String> after = scene.listing();
      assertThat(others(after, scene)).isEqualTo(others(before, scene));
      // Its own files went, but for the file the poisoned one replaced, which no metadata names.
      assertThat(after.keySet().stream().filter(key -> isOrders(key, scene)))
          .containsExactly(replaced.substring("s3://".length()));
      assertThat(scene.server().metrics().refusedDeletes()).isGreaterThanOrEqualTo(5);
      assertThat(scene.server().metrics().render()).contains("firn_refused_deletes_total");
    }
  }

  /**
   * Points {@code orders} at a metadata file of its own folder that also names the victim's files:
   * a snapshot whose manifest list is the victim's, statistics on the victim's metadata file, and
   * that file in its metadata log. Returns the metadata file it replaces.
   */
  private static String poison(HostileScene scene) throws Exception {
    TableMetadata current = scene.current(scene.orders);
    ObjectNode metadata = (ObjectNode) JSON.readTree(TableMetadataParser.toJson(current));
    long head = current.currentSnapshot().snapshotId();
    ObjectNode snapshot = ((ArrayNode) metadata.path("snapshots")).addObject();
    snapshot.put("snapshot-id", 77);
    snapshot.put("sequence-number", current.lastSequenceNumber());
    snapshot.put("timestamp-ms", current.lastUpdatedMillis());
    snapshot.put("manifest-list", scene.customersManifestList);
    snapshot.putObject("summary").put("operation", "append");
    snapshot.put("schema-id", 0);
    ObjectNode statistics = metadata.putArray("statistics").addObject();
    statistics.put("snapshot-id", head);
    statistics.put("statistics-path", scene.customersMetadata);
    statistics.put("file-size-in-bytes", 1);
    statistics.put("file-footer-size-in-bytes", 1);
    statistics.putArray("blob-metadata");
    ObjectNode logged = ((ArrayNode) metadata.path("metadata-log")).insertObject(0);
    logged.put("timestamp-ms", 1);
    logged.put("metadata-file", scene.customersMetadata);
    String file = scene.ordersLocation + "/metadata/00009-" + UUID.randomUUID() + ".metadata.json";
    scene.upload(file, JSON.writeValueAsString(metadata));
    try (Connection connection = scene.server().dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE iceberg_tables SET metadata_location = ? WHERE table_name = 'orders'")) {
      update.setString(1, file);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    return current.metadataFileLocation();
  }

  private static Map<String, String> others(Map<String, String> listing, HostileScene scene) {
    Map<String, String> kept = new TreeMap<>(listing);
    kept.keySet().removeIf(key -> isOrders(key, scene));
    return kept;
  }

  private static boolean isOrders(String bucketAndKey, HostileScene scene) {
    return ("s3://" + bucketAndKey).startsWith(scene.ordersLocation + "/");
  }
}
