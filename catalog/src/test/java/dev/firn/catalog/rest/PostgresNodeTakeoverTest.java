package dev.firn.catalog.rest;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes on one PostgreSQL. A keyed request is in flight on node A, inside its commit, when A is
 * taken for gone (its heartbeat stops): the client's retry on node B takes the key over at once
 * instead of waiting minutes, and when both attempts reach the database only one applies, though
 * the change (properties, with no requirement) would apply twice on any base.
 */
@ExtendWith({S3EndpointExtension.class, PostgresExtension.class})
class PostgresNodeTakeoverTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHANGE =
      "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\","
          + "\"updates\":{\"written-by\":\"the keyed request\"}}]}";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRetryTakesOverFromAGoneNodeAndTheChangeAppliesOnce(S3Endpoint s3, PostgresEndpoint postgres)
      throws Exception {
    String warehouse = "wh_" + UUID.randomUUID().toString().substring(0, 8);
    String location = s3.location(warehouse);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (CatalogServer nodeA =
            TestCatalogServers.start(s3, Database.postgres(postgres), warehouse, location);
        CatalogServer nodeB =
            TestCatalogServers.start(s3, Database.postgres(postgres), warehouse, location);
        RESTCatalog client = TestCatalogServers.client(nodeB, Map.of());
        Connection holder = postgres.connect()) {
      TableIdentifier id = TableIdentifier.of("raw", "taken");
      client.createTable(id, new Schema(required(1, "id", Types.LongType.get())));
      int changesBefore = metadataLog(client, id);
      String key = UUID.randomUUID().toString();
      String path = "/v1/" + warehouse + "/namespaces/raw/tables/taken";

      // Hold the table's row: node A's commit waits inside its transaction, key claimed.
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement(
              "SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_name = 'taken'"
                  + " FOR UPDATE")) {
        lock.setString(1, warehouse);
        lock.executeQuery().close();
      }
      Future<HttpResponse<String>> onA = pool.submit(() -> post(nodeA, path, key));
      String ownerA = awaitOwner(postgres, warehouse, key, null);
      assertThat(ownerA).startsWith(nodeA.node().instanceId());

      // Node A is taken for gone (its heartbeat stops), its request still running.
      nodeA.node().close();
      Future<HttpResponse<String>> onB = pool.submit(() -> post(nodeB, path, key));
      String ownerB = awaitOwner(postgres, warehouse, key, ownerA);
      assertThat(ownerB).as("the retry took the key over").startsWith(nodeB.node().instanceId());

      // Both attempts now reach the database.
      holder.rollback();
      HttpResponse<String> answerB = onB.get(60, TimeUnit.SECONDS);
      HttpResponse<String> answerA = onA.get(60, TimeUnit.SECONDS);
      assertThat(metadataLog(client, id)).as("one change, not two").isEqualTo(changesBefore + 1);
      assertThat(answerB.statusCode()).as(answerB.body()).isEqualTo(200);
      assertThat(answerA.statusCode()).as("the attempt of the gone node").isNotEqualTo(200);

      // The client's next retry, on either node, gets node B's answer.
      HttpResponse<String> replayed = post(nodeB, path, key);
      assertThat(replayed.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(replayed.body()).path("metadata-location").asText())
          .isEqualTo(JSON.readTree(answerB.body()).path("metadata-location").asText());
    } finally {
      pool.shutdownNow();
    }
  }

  private HttpResponse<String> post(CatalogServer node, String path, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.uri() + path))
            .header("Authorization", TestCatalogServers.bearer(node))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(CHANGE))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the key is held by an attempt other than {@code previous}, and names it. */
  private static String awaitOwner(
      PostgresEndpoint postgres, String warehouse, String key, String previous) throws Exception {
    try (Connection connection = postgres.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT owner FROM firn_idempotency WHERE catalog_name = ? AND idempotency_key = ?")) {
      query.setString(1, warehouse);
      query.setString(2, key);
      for (int attempt = 0; attempt < 600; attempt++) {
        try (ResultSet row = query.executeQuery()) {
          if (row.next() && !row.getString(1).equals(previous)) {
            return row.getString(1);
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("No attempt took idempotency key " + key + " in 30 s");
  }

  private static int metadataLog(RESTCatalog client, TableIdentifier id) {
    return ((BaseTable) client.loadTable(id)).operations().current().previousFiles().size();
  }
}
