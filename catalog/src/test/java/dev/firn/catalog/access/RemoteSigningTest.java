package dev.firn.catalog.access;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that are not admins get no storage keys: Iceberg's own client writes and reads table
 * files through S3 requests the catalog signs, for the table's own objects only, and writes only
 * for a principal who may write.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteSigningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final TableIdentifier RAW = TableIdentifier.of("raw", "s", "signed");
  private static final TableIdentifier CURATED = TableIdentifier.of("curated", "s", "shown");
  private static final TableIdentifier FENCED = TableIdentifier.of("raw", "s", "fenced");

  private final HttpClient http = HttpClient.newHttpClient();
  private CatalogServer server;
  private S3Endpoint s3;
  private RESTCatalog root;
  private RESTCatalog engineer;
  private RESTCatalog analyst;

  @BeforeAll
  void start(S3Endpoint endpoint, @TempDir Path dir) {
    s3 = endpoint;
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    root = TestCatalogServers.client(server, Map.of());
    root.createNamespace(Namespace.of("raw", "s"));
    root.createNamespace(Namespace.of("curated", "s"));
    TableRows.append(root.createTable(CURATED, SCHEMA), TableRows.numbered(SCHEMA, 100, 103));
    root.createTable(FENCED, SCHEMA);
    engineer = principal("eng", "engineer");
    analyst = principal("ana", "analyst");
  }

  @AfterAll
  void stop() throws Exception {
    engineer.close();
    analyst.close();
    root.close();
    server.close();
  }

  @Test
  void aClientWithoutKeysWritesAndReadsThroughSignedRequests() throws Exception {
    Table table = engineer.createTable(RAW, SCHEMA);
    assertThat(table.io().properties())
        .containsEntry("s3.remote-signing-enabled", "true")
        .doesNotContainKeys("s3.access-key-id", "s3.secret-access-key");
    TableRows.append(table, TableRows.numbered(SCHEMA, 0, 3));
    TableRows.append(engineer.loadTable(RAW), TableRows.numbered(SCHEMA, 3, 5));
    assertThat(TableRows.longs(TableRows.read(engineer.loadTable(RAW)), "id"))
        .containsExactly(0L, 1L, 2L, 3L, 4L);
    // A bulk delete through the client's own FileIO: the signature covers the body Firn checked.
    String orphan = table.location() + "/data/orphan.bin";
    try (java.io.OutputStream out = table.io().newOutputFile(orphan).create()) {
      out.write(new byte[] {1, 2, 3});
    }
    assertThat(table.io().newInputFile(orphan).exists()).isTrue();
    ((org.apache.iceberg.io.SupportsBulkOperations) table.io()).deleteFiles(List.of(orphan));
    assertThat(table.io().newInputFile(orphan).exists()).isFalse();
    assertThat(TableRows.longs(TableRows.read(analyst.loadTable(CURATED)), "id"))
        .containsExactly(100L, 101L, 102L);
    // Admins keep the keys.
    assertThat(root.loadTable(RAW).io().properties()).containsKey("s3.secret-access-key");
    JsonNode defaults = get("/v1/config", token("eng")).path("defaults");
    assertThat(defaults.has("s3.secret-access-key")).isFalse();
    assertThat(get("/v1/config", token("root")).path("defaults").has("s3.secret-access-key"))
        .isTrue();
  }

  @Test
  void signsOnlyTheTablesOwnObjectsAndOnlyReadsForAReader() throws Exception {
    String curated = root.loadTable(CURATED).location();
    String reader = token("ana");
    String writer = token("eng");
    assertThat(sign(CURATED, reader, "GET", object(curated + "/data/x.parquet"), null))
        .isEqualTo(200);
    assertThat(sign(CURATED, reader, "PUT", object(curated + "/data/x.parquet"), null))
        .as("a reader may not write")
        .isEqualTo(403);
    assertThat(sign(CURATED, reader, "DELETE", object(curated + "/data/x.parquet"), null))
        .isEqualTo(403);
    String own = engineer.loadTable(FENCED).location();
    assertThat(sign(FENCED, writer, "PUT", object(own + "/data/y.parquet"), null)).isEqualTo(200);
    List<String> outside =
        List.of(
            own + "-other/data/y.parquet",
            curated + "/data/y.parquet",
            own.substring(0, own.lastIndexOf('/')) + "/z.parquet",
            own + "/../escape.parquet");
    for (String path : outside) {
      assertThat(sign(FENCED, writer, "PUT", object(path), null)).as(path).isEqualTo(403);
    }
    assertThat(sign(FENCED, writer, "GET", "http://elsewhere.example:9000/bucket/key", null))
        .isEqualTo(403);
    // A server-side copy would read another table's object with Firn's keys.
    assertThat(
            sign(
                FENCED,
                writer,
                "PUT",
                object(own + "/data/copy.parquet"),
                null,
                Map.of("x-amz-copy-source", key(curated + "/data/secret.parquet"))))
        .isEqualTo(403);
    assertThat(sign(FENCED, writer, "PUT", object(own + "/data/y.parquet") + "?acl", null))
        .isEqualTo(403);
    assertThat(
            sign(FENCED, writer, "GET", bucketOf(own) + "?policy&prefix=" + key(own) + "/", null))
        .isEqualTo(403);
    assertThat(sign(FENCED, writer, "GET", bucketOf(own) + "?list-type=2&prefix=" + key(own), null))
        .as("S3 matches a prefix as a string: without the slash it reaches sibling tables")
        .isEqualTo(403);
    assertThat(
            sign(
                FENCED,
                writer,
                "GET",
                bucketOf(own) + "?prefix=" + key(own) + "/&prefix=" + key(curated) + "/",
                null))
        .isEqualTo(403);
    String namespaced =
        "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>"
            + key(own + "/data/a.parquet")
            + "</Key></Object><Object><x:Key xmlns:x=\"urn:x\">"
            + key(curated + "/data/b.parquet")
            + "</x:Key></Object></Delete>";
    assertThat(sign(FENCED, writer, "POST", bucketOf(own) + "?delete", namespaced)).isEqualTo(403);
    assertThatThrownBy(
            () ->
                engineer.registerTable(
                    TableIdentifier.of("raw", "s", "registered"),
                    root.loadTable(CURATED).io() == null ? "" : metadataOf(CURATED)))
        .isInstanceOf(org.apache.iceberg.exceptions.ForbiddenException.class);
    String deleteAll =
        "<Delete><Object><Key>"
            + key(own + "/data/a.parquet")
            + "</Key></Object><Object><Key>"
            + key(curated + "/data/b.parquet")
            + "</Key></Object></Delete>";
    assertThat(sign(FENCED, writer, "POST", bucketOf(own) + "?delete", deleteAll))
        .as("a bulk delete naming another table's object")
        .isEqualTo(403);
    String deleteOwn =
        "<Delete><Object><Key>" + key(own + "/data/a.parquet") + "</Key></Object></Delete>";
    assertThat(sign(FENCED, writer, "POST", bucketOf(own) + "?delete", deleteOwn)).isEqualTo(200);
    // The signature covers the body Firn checked: its hash and its Content-MD5.
    JsonNode signedDelete = lastSigned;
    assertThat(signedDelete.path("headers").path("Content-MD5").get(0).asText())
        .isEqualTo(
            java.util.Base64.getEncoder()
                .encodeToString(
                    java.security.MessageDigest.getInstance("MD5")
                        .digest(deleteOwn.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    assertThat(signedDelete.path("headers").path("x-amz-content-sha256").get(0).asText())
        .isNotEqualTo("UNSIGNED-PAYLOAD");
    assertThat(
            sign(
                FENCED,
                writer,
                "GET",
                bucketOf(own) + "?list-type=2&prefix=" + key(own) + "/",
                null))
        .isEqualTo(200);
    assertThat(sign(FENCED, writer, "GET", bucketOf(own) + "?list-type=2&prefix=", null))
        .isEqualTo(403);
  }

  @Test
  void anAnswerKeptForAnIdempotencyKeyIsNeverReplayedToAnotherPrincipal() throws Exception {
    String key = java.util.UUID.randomUUID().toString();
    String body =
        "{\"name\":\"keyed\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
            + "[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}";
    HttpResponse<String> created = create(token("root"), key, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.body()).contains("s3.secret-access-key");
    HttpResponse<String> reused = create(token("eng"), key, body);
    assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
    assertThat(reused.body()).doesNotContain("s3.secret-access-key");
    assertThat(create(token("root"), key, body).body()).isEqualTo(created.body());
  }

  private HttpResponse<String> create(String token, String key, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    server.uri()
                        + "/v1/"
                        + server.config().warehouseName()
                        + "/namespaces/raw%1Fs/tables"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode lastSigned;

  private String metadataOf(TableIdentifier table) {
    return ((org.apache.iceberg.HasTableOperations) root.loadTable(table))
        .operations()
        .current()
        .metadataFileLocation();
  }

  private int sign(TableIdentifier table, String token, String method, String uri, String body)
      throws Exception {
    return sign(table, token, method, uri, body, Map.of());
  }

  private int sign(
      TableIdentifier table,
      String token,
      String method,
      String uri,
      String body,
      Map<String, String> extraHeaders)
      throws Exception {
    StringBuilder request = new StringBuilder();
    request
        .append("{\"region\":\"")
        .append(s3.region())
        .append("\",\"method\":\"")
        .append(method)
        .append("\",\"uri\":\"")
        .append(uri)
        .append("\",\"headers\":{\"Host\":[\"")
        .append(URI.create(uri).getAuthority())
        .append("\"]");
    for (Map.Entry<String, String> header : extraHeaders.entrySet()) {
      request
          .append(",\"")
          .append(header.getKey())
          .append("\":[\"")
          .append(header.getValue())
          .append("\"]");
    }
    request.append("},\"properties\":{},\"provider\":\"s3\"");
    if (body != null) {
      request.append(",\"body\":").append(JSON.writeValueAsString(body));
    }
    request.append('}');
    String path =
        "/v1/"
            + server.config().warehouseName()
            + "/namespaces/"
            + String.join("%1F", table.namespace().levels())
            + "/tables/"
            + table.name()
            + "/sign";
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (reply.statusCode() != 403) {
      assertThat(reply.statusCode()).as(method + " " + uri + ": " + reply.body()).isEqualTo(200);
      JsonNode signed = JSON.readTree(reply.body());
      lastSigned = signed;
      assertThat(signed.path("headers").path("Authorization").toString())
          .contains("AWS4-HMAC-SHA256");
    }
    return reply.statusCode();
  }

  /** The S3 URL of a location, path-style on the test endpoint. */
  private String object(String location) {
    return s3.uri() + "/" + location.substring("s3://".length());
  }

  private String bucketOf(String location) {
    String rest = location.substring("s3://".length());
    return s3.uri() + "/" + rest.substring(0, rest.indexOf('/'));
  }

  private static String key(String location) {
    String rest = location.substring("s3://".length());
    return rest.substring(rest.indexOf('/') + 1);
  }

  private JsonNode get(String path, String token) throws Exception {
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return JSON.readTree(reply.body());
  }

  private String token(String principal) {
    return server.authentication().issue(principal);
  }

  private RESTCatalog principal(String name, String role) {
    Credential credential = server.authentication().createPrincipal(name);
    server.privileges().addToRole(name, role);
    return TestCatalogServers.clientAs(server, credential);
  }
}
