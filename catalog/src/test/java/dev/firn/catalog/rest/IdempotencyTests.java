package dev.firn.catalog.rest;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests retried with the same {@code Idempotency-Key} have one effect and one answer. */
@ExtendWith(S3EndpointExtension.class)
abstract class IdempotencyTests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper ICEBERG_JSON = icebergJson();
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  private final HttpClient http = HttpClient.newHttpClient();
  private CatalogServer server;
  private RESTCatalog client;
  private String base;

  /** The database for one test's server. */
  protected abstract Database database() throws Exception;

  @BeforeEach
  void start(S3Endpoint s3) throws Exception {
    server = TestCatalogServers.start(s3, database());
    client = TestCatalogServers.client(server, Map.of());
    base = server.uri() + "/v1/" + server.config().warehouseName();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void advertisesTheKeyLifetime() throws Exception {
    HttpResponse<String> config = send("GET", server.uri() + "/v1/config", null, null);
    assertThat(JSON.readTree(config.body()).path("idempotency-key-lifetime").asText())
        .isEqualTo("PT30M");
  }

  @Test
  void replaysACreateWithTheSameKeyOnce() throws Exception {
    String key = key();
    String body = "{\"namespace\":[\"raw\",\"replayed\"],\"properties\":{\"owner\":\"a\"}}";
    HttpResponse<String> first = send("POST", base + "/namespaces", body, key);
    HttpResponse<String> second = send("POST", base + "/namespaces", body, key);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());

    String table = "{\"name\":\"t\",\"schema\":" + ICEBERG_JSON.writeValueAsString(SCHEMA) + "}";
    String tableKey = key();
    HttpResponse<String> created = send("POST", base + "/namespaces/raw/tables", table, tableKey);
    HttpResponse<String> again = send("POST", base + "/namespaces/raw/tables", table, tableKey);
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(metadataLocation(again)).isEqualTo(metadataLocation(created));
    assertThat(client.listTables(org.apache.iceberg.catalog.Namespace.of("raw")))
        .containsExactly(TableIdentifier.of("raw", "t"));
  }

  @Test
  void replaysACommitWithTheSameKeyOnceWhereARepeatWouldConflict() throws Exception {
    TableIdentifier id = TableIdentifier.of("raw", "evolving");
    Table table = client.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    String body = ICEBERG_JSON.writeValueAsString(addColumn(id, table.schema(), "extra"));
    String key = key();
    String uri = base + "/namespaces/raw/tables/evolving";

    HttpResponse<String> first = send("POST", uri, body, key);
    HttpResponse<String> retry = send("POST", uri, body, key);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(metadataLocation(retry)).isEqualTo(metadataLocation(first));
    assertThat(client.loadTable(id).schemas()).hasSize(2);

    // The same change under a new key is a new request on a moved base: a real conflict.
    assertThat(send("POST", uri, body, key()).statusCode()).isEqualTo(409);
    assertThat(client.loadTable(id).schemas()).hasSize(2);
  }

  @Test
  void concurrentDuplicatesGetOneAnswerAndHaveOneEffect() throws Exception {
    TableIdentifier id = TableIdentifier.of("raw", "raced");
    Table table = client.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    String body = ICEBERG_JSON.writeValueAsString(addColumn(id, table.schema(), "raced"));
    String key = key();
    String uri = base + "/namespaces/raw/tables/raced";

    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return send("POST", uri, body, key);
                }));
      }
      start.countDown();
      List<String> locations = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        locations.add(metadataLocation(response));
      }
      assertThat(locations).containsOnly(locations.get(0));
    } finally {
      pool.shutdownNow();
    }
    assertThat(client.loadTable(id).schemas()).hasSize(2);
  }

  @Test
  void replaysDeterministicClientErrorsAndRefusesAKeyReusedForAnotherRequest() throws Exception {
    String key = key();
    String body = "{\"namespace\":[\"raw\"]}";
    HttpResponse<String> conflict = send("POST", base + "/namespaces", body, key);
    assertThat(conflict.statusCode()).isEqualTo(409);
    HttpResponse<String> replayed = send("POST", base + "/namespaces", body, key);
    assertThat(replayed.statusCode()).isEqualTo(409);
    assertThat(replayed.body()).isEqualTo(conflict.body());

    HttpResponse<String> reused =
        send("POST", base + "/namespaces", "{\"namespace\":[\"raw\",\"other\"]}", key);
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(client.namespaceExists(org.apache.iceberg.catalog.Namespace.of("raw", "other")))
        .isFalse();

    HttpResponse<String> malformed = send("POST", base + "/namespaces", body, "not-a-uuid");
    assertThat(malformed.statusCode()).isEqualTo(400);
  }

  private static ObjectMapper icebergJson() {
    ObjectMapper mapper = new ObjectMapper();
    RESTSerializers.registerAll(mapper);
    return mapper;
  }

  private static UpdateTableRequest addColumn(TableIdentifier id, Schema current, String name) {
    Schema evolved =
        new Schema(
            current.schemaId() + 1,
            Types.StructType.of(
                    required(1, "id", Types.LongType.get()),
                    Types.NestedField.optional(
                        current.highestFieldId() + 1, name, Types.StringType.get()))
                .fields());
    return UpdateTableRequest.create(
        id,
        List.of(
            new UpdateRequirement.AssertCurrentSchemaID(current.schemaId()),
            new UpdateRequirement.AssertLastAssignedFieldId(current.highestFieldId())),
        List.of(new MetadataUpdate.AddSchema(evolved), new MetadataUpdate.SetCurrentSchema(-1)));
  }

  private static String metadataLocation(HttpResponse<String> response) throws Exception {
    JsonNode json = JSON.readTree(response.body());
    return json.path("metadata-location").asText();
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }

  private HttpResponse<String> send(String method, String uri, String body, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", TestCatalogServers.bearer(server))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
