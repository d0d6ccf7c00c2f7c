package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.boundary.TableLocation;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.rest.HostileRequests.Hostile;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table moved with {@code set-location} keeps its files where they were, so the place it left
 * stays its own: nobody else may register or create a table there, its clients are told they may
 * delete there, and a purge deletes its files in both places and nothing else.
 */
@ExtendWith(S3EndpointExtension.class)
class LocationHistoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path databaseDirectory;

  @Test
  void aMovedTableKeepsTheLocationItLeft(S3Endpoint s3) throws Exception {
    try (S3Client objects = s3.client();
        HostileScene scene = HostileScene.create(s3, objects, Database.sqlite(databaseDirectory))) {
      String left = scene.ordersLocation;
      String oldMetadata = scene.current(scene.orders).metadataFileLocation();
      String moved = scene.warehouse + "/raw/sales/orders-moved";
      Table orders = scene.client().loadTable(scene.orders);
      orders.updateLocation().setLocation(moved).commit();
      orders.refresh();
      orders.newFastAppend().appendFile(HostileScene.dataFile(orders, objects)).commit();

      assertThat(deletableRoots(scene, "orders")).isEqualTo(moved + "," + left);

      for (Hostile request :
          new Hostile[] {
            new Hostile(
                "register the metadata the moved table left behind",
                "POST",
                "/namespaces/raw%1Fsales/register",
                "{\"name\":\"thief\",\"metadata-location\":\"" + oldMetadata + "\"}",
                400,
                "overlaps the location of raw.sales.orders"),
            new Hostile(
                "create a table inside the location a table left",
                "POST",
                "/namespaces/raw%1Fsales/tables",
                "{\"name\":\"squatter\",\"location\":\""
                    + left
                    + "/inner\",\"schema\":{\"type\":\"struct\",\"fields\":[]}}",
                400,
                "overlaps the location of raw.sales.orders")
          }) {
        assertThat(HostileRequests.mismatch(request, HostileRequests.send(scene, request)))
            .isNull();
      }

      Map<String, String> before = scene.listing();
      assertThat(scene.client().dropTable(scene.orders, true)).isTrue();
      Map<String, String> after = scene.listing();
      assertThat(after.keySet()).noneMatch(key -> key.contains("/orders-"));
      Map<String, String> others = new TreeMap<>(before);
      others.keySet().removeIf(key -> key.contains("/orders-"));
      assertThat(after).isEqualTo(others);
      assertThat(scene.server().metrics().refusedDeletes()).isZero();

      // Once dropped without its files, a table's metadata may be registered again.
      assertThat(scene.client().dropTable(scene.legacy, false)).isTrue();
      TableIdentifier again = TableIdentifier.of("raw", "sales", "legacy_again");
      scene.client().registerTable(again, scene.legacyMetadataAtStart());
      assertThat(scene.client().tableExists(again)).isTrue();
    }
  }

  private static String deletableRoots(HostileScene scene, String table) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(scene.base() + "/namespaces/raw%1Fsales/tables/" + table))
                    .header("Authorization", scene.authorization())
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode config = JSON.readTree(response.body()).path("config");
    return config.path(TableLocation.CONFIG_KEY).asText();
  }
}
