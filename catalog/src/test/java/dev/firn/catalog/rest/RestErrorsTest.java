package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client mistakes get a 4xx with Iceberg's error body, never a 500: malformed JSON, unknown update
 * types, missing fields, unknown routes, wrong methods and the like, sent as raw HTTP.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATE_TABLE =
      "{\"name\":\"t\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
          + "[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}";

  private final HttpClient http = HttpClient.newHttpClient();
  private CatalogServer server;
  private String base;

  @BeforeAll
  void startServer(S3Endpoint s3, @TempDir Path dir) throws Exception {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    base = server.uri() + "/v1/" + server.config().warehouseName();
    send("POST", "/namespaces", "{\"namespace\":[\"raw\",\"sales\"]}").expect(200);
    send("POST", "/namespaces/raw%1Fsales/tables", CREATE_TABLE + "}").expect(200);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  static Stream<Arguments> clientMistakes() {
    String deep = "[".repeat(500) + "]".repeat(500);
    return Stream.of(
        mistake("malformed JSON", "POST", "/namespaces", "{bad", 400, "BadRequestException"),
        mistake("JSON of the wrong shape", "POST", "/namespaces", "[1,2]", 400, null),
        mistake("empty body", "POST", "/namespaces", "", 400, "BadRequestException"),
        mistake("missing namespace field", "POST", "/namespaces", "{}", 400, null),
        mistake("namespace of wrong type", "POST", "/namespaces", "{\"namespace\":7}", 400, null),
        mistake(
            "table without schema",
            "POST",
            "/namespaces/raw/tables",
            "{\"name\":\"t2\"}",
            400,
            null),
        mistake(
            "table without name",
            "POST",
            "/namespaces/raw/tables",
            CREATE_TABLE.replace("\"name\":\"t\",", "") + "}",
            400,
            null),
        mistake(
            "unknown update type",
            "POST",
            "/namespaces/raw%1Fsales/tables/t",
            "{\"requirements\":[],\"updates\":[{\"action\":\"explode\"}]}",
            400,
            null),
        mistake(
            "unknown requirement type",
            "POST",
            "/namespaces/raw%1Fsales/tables/t",
            "{\"requirements\":[{\"type\":\"assert-magic\"}],\"updates\":[]}",
            400,
            null),
        mistake(
            "update missing its fields",
            "POST",
            "/namespaces/raw%1Fsales/tables/t",
            "{\"requirements\":[],\"updates\":[{\"action\":\"set-location\"}]}",
            400,
            null),
        mistake(
            "rename without destination",
            "POST",
            "/tables/rename",
            "{\"source\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\"t\"}}",
            400,
            null),
        mistake("deeply nested JSON", "POST", "/namespaces", deep, 400, "BadRequestException"),
        mistake("unknown route", "GET", "/nothing/here", null, 404, "RouteNotFoundException"),
        mistake("wrong method", "PUT", "/namespaces", "{}", 405, "MethodNotAllowedException"),
        mistake(
            "wrong method on a table",
            "PATCH",
            "/namespaces/raw/tables/t",
            "{}",
            405,
            "MethodNotAllowedException"),
        mistake("bad page size", "GET", "/namespaces/raw/tables?pageSize=abc", null, 400, null),
        mistake("zero page size", "GET", "/namespaces/raw/tables?pageSize=0", null, 400, null),
        mistake(
            "bad page token", "GET", "/namespaces/raw/tables?pageToken=%25%25", null, 400, null),
        mistake(
            "bad snapshots mode",
            "GET",
            "/namespaces/raw%1Fsales/tables/t?snapshots=some",
            null,
            400,
            null),
        mistake(
            "missing namespace",
            "GET",
            "/namespaces/nowhere",
            null,
            404,
            "NoSuchNamespaceException"),
        mistake(
            "missing table",
            "GET",
            "/namespaces/raw/tables/nothing",
            null,
            404,
            "NoSuchTableException"),
        mistake(
            "missing view",
            "GET",
            "/namespaces/raw/views/nothing",
            null,
            404,
            "NoSuchViewException"),
        mistake(
            "tables of a missing namespace",
            "GET",
            "/namespaces/nowhere/tables",
            null,
            404,
            "NoSuchNamespaceException"),
        mistake(
            "namespace with a slash",
            "POST",
            "/namespaces",
            "{\"namespace\":[\"raw\",\"a/b\"]}",
            400,
            null),
        mistake(
            "namespace with a control character",
            "POST",
            "/namespaces",
            "{\"namespace\":[\"raw\",\"a\\u0007b\"]}",
            400,
            null),
        mistake(
            "namespace named ..",
            "POST",
            "/namespaces",
            "{\"namespace\":[\"raw\",\"..\"]}",
            400,
            null),
        mistake(
            "namespace under a missing parent",
            "POST",
            "/namespaces",
            "{\"namespace\":[\"nowhere\",\"child\"]}",
            404,
            "NoSuchNamespaceException"),
        mistake(
            "existing namespace",
            "POST",
            "/namespaces",
            "{\"namespace\":[\"raw\"]}",
            409,
            "AlreadyExistsException"),
        mistake(
            "table location outside the warehouse",
            "POST",
            "/namespaces/raw/tables",
            CREATE_TABLE.replace("\"t\"", "\"t3\"") + ",\"location\":\"s3://elsewhere/t3\"}",
            400,
            "IllegalArgumentException"),
        mistake(
            "data path outside the table",
            "POST",
            "/namespaces/raw/tables",
            CREATE_TABLE.replace("\"t\"", "\"t4\"")
                + ",\"properties\":{\"write.data.path\":\"s3://elsewhere/data\"}}",
            400,
            "IllegalArgumentException"),
        mistake(
            "register from a local file",
            "POST",
            "/namespaces/raw/register",
            "{\"name\":\"r\",\"metadata-location\":\"file:///etc/passwd\"}",
            400,
            "BadRequestException"),
        mistake(
            "register from an HTTP URL",
            "POST",
            "/namespaces/raw/register",
            "{\"name\":\"r\",\"metadata-location\":\"http://169.254.169.254/latest\"}",
            400,
            "BadRequestException"),
        mistake("dropping a zone", "DELETE", "/namespaces/raw", null, 400, "BadRequestException"),
        mistake(
            "dropping a non-empty namespace",
            "DELETE",
            "/namespaces/raw%1Fsales",
            null,
            409,
            "NamespaceNotEmptyException"));
  }

  private static Arguments mistake(
      String what, String method, String path, String body, int status, String type) {
    return Arguments.of(what, method, path, body, status, type);
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("clientMistakes")
  void answersClientMistakesWithA4xxAndAnIcebergErrorBody(
      String what, String method, String path, String body, int status, String type)
      throws Exception {
    Reply reply = send(method, path, body);
    reply.expect(status);
    JsonNode error = reply.json().path("error");
    assertThat(error.path("code").asInt()).as(what).isEqualTo(status);
    assertThat(error.path("message").asText()).as(what).isNotBlank();
    assertThat(error.path("type").asText()).as(what).isNotBlank();
    if (type != null) {
      assertThat(error.path("type").asText()).as(what).isEqualTo(type);
    }
    assertThat(reply.body()).as(what).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void rejectsBodiesAboveTheLimitWith413() throws Exception {
    // The server answers from the declared length, before the body; a client still uploading
    // could see the connection close under it before it reads the answer, so this client sends
    // the headers alone, over a plain socket, and reads the answer.
    String path = "/v1/" + server.config().warehouseName() + "/namespaces";
    String raw;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Authorization: "
                  + TestCatalogServers.bearer(server)
                  + "\r\nContent-Length: "
                  + (17 << 20)
                  + "\r\nConnection: close\r\n\r\n{\"namespace\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(raw).startsWith("HTTP/1.1 413 ");
    JsonNode error = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4)).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(413);
    assertThat(error.path("message").asText()).contains("16777216");
  }

  @Test
  void answersMalformedUrisWithAnIcebergErrorBody() throws Exception {
    // HttpClient refuses to send a malformed URI, so this one goes out over a plain socket.
    String path = "/v1/" + server.config().warehouseName() + "/namespaces/bad%zzencoding";
    String raw;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(raw).startsWith("HTTP/1.1 400");
    String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    assertThat(JSON.readTree(body).path("error").path("code").asInt()).isEqualTo(400);
  }

  @Test
  void answersUnknownWarehousesWith404() throws Exception {
    HttpResponse<String> config =
        http.send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/v1/config?warehouse=nope"))
                .header("Authorization", TestCatalogServers.bearer(server))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(config.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(config.body()).path("error").path("type").asText())
        .isEqualTo("NoSuchWarehouseException");

    HttpResponse<String> prefix =
        http.send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/v1/nope/namespaces"))
                .header("Authorization", TestCatalogServers.bearer(server))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(prefix.statusCode()).isEqualTo(404);
  }

  @Test
  void answersHeadRequestsWithoutABody() throws Exception {
    HttpResponse<String> missing = head("/namespaces/raw/tables/nothing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEmpty();
    assertThat(head("/namespaces/raw%1Fsales/tables/t").statusCode()).isEqualTo(204);
  }

  private HttpResponse<String> head(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", TestCatalogServers.bearer(server))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void leavesNothingBehindAfterRejectedCreates() throws Exception {
    Reply tables = send("GET", "/namespaces/raw/tables", null);
    tables.expect(200);
    assertThat(tables.json().path("identifiers")).isEmpty();
    Reply namespaces = send("GET", "/namespaces?parent=raw", null);
    assertThat(namespaces.json().path("namespaces").toString()).isEqualTo("[[\"raw\",\"sales\"]]");
  }

  private Reply send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", TestCatalogServers.bearer(server))
            .method(method, publisher)
            .header("Content-Type", "application/json")
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(method + " " + path, response.statusCode(), response.body());
  }

  private record Reply(String request, int status, String body) {
    void expect(int expected) {
      assertThat(status).as("%s answered %s: %s", request, status, body).isEqualTo(expected);
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }
}
