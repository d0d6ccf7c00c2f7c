package dev.firn.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Principals, roles and grants managed over the management port's {@code /access}. */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private CatalogServer server;
  private String base;
  private String root;

  @BeforeAll
  void start(S3Endpoint s3, @TempDir Path dir) {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    base = "http://127.0.0.1:" + server.managementPort() + "/access";
    root = TestCatalogServers.bearer(server);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void anAdminManagesPrincipalsRolesAndGrantsAndOthersMayOnlyAskAboutThemselves() throws Exception {
    JsonNode created =
        expect(201, send("POST", "/principals", root, "{\"name\":\"etl\",\"roles\":[\"ingest\"]}"));
    String credential = created.path("credential").asText();
    assertThat(credential).startsWith("etl:");
    String etl = "Bearer " + token(credential);

    JsonNode whoami = expect(200, send("GET", "/whoami", etl, null));
    assertThat(whoami.path("principal").asText()).isEqualTo("etl");
    assertThat(whoami.path("roles").toString()).isEqualTo("[\"ingest\"]");
    assertThat(whoami.path("grants").toString()).contains("\"on\":\"namespace raw\"");
    expect(403, send("GET", "/principals", etl, null));
    expect(403, send("POST", "/roles", etl, "{\"name\":\"mine\"}"));
    JsonNode own = expect(200, send("GET", "/privileges?on=" + q("table raw.s.t"), etl, null));
    assertThat(own.path("privileges").toString()).isEqualTo("[\"read\",\"write\",\"create\"]");
    expect(403, send("GET", "/privileges?principal=root&on=catalog", etl, null));

    // A role of its own: read on one curated table.
    expect(201, send("POST", "/roles", root, "{\"name\":\"kpi_readers\"}"));
    expect(409, send("POST", "/roles", root, "{\"name\":\"kpi_readers\"}"));
    String grant =
        "{\"role\":\"kpi_readers\",\"privilege\":\"read\",\"on\":\"table curated.kpi.daily\"}";
    expect(201, send("POST", "/grants", root, grant));
    expect(200, send("POST", "/roles/kpi_readers/members", root, "{\"principal\":\"etl\"}"));
    JsonNode reads =
        expect(200, send("GET", "/privileges?on=" + q("table curated.kpi.daily"), etl, null));
    assertThat(reads.path("privileges").toString()).isEqualTo("[\"read\"]");
    expect(200, send("DELETE", "/grants", root, grant));
    expect(404, send("DELETE", "/grants", root, grant));
    assertThat(
            expect(200, send("GET", "/privileges?on=" + q("table curated.kpi.daily"), etl, null))
                .path("privileges"))
        .isEmpty();
    expect(
        400,
        send(
            "POST",
            "/grants",
            root,
            "{\"role\":\"kpi_readers\",\"privilege\":\"own\",\"on\":\"catalog\"}"));
    expect(
        404,
        send(
            "POST",
            "/grants",
            root,
            "{\"role\":\"nope\",\"privilege\":\"read\",\"on\":\"catalog\"}"));

    // A rotated secret replaces the old one; a disabled principal is shut out at once.
    String rotated =
        expect(200, send("POST", "/principals/etl/rotate", root, "")).path("credential").asText();
    assertThat(tokenStatus(credential)).isEqualTo(401);
    assertThat(tokenStatus(rotated)).isEqualTo(200);
    expect(200, send("POST", "/principals/etl/disable", root, ""));
    assertThat(send("GET", "/whoami", etl, null).statusCode()).isEqualTo(401);
    assertThat(tokenStatus(rotated)).isEqualTo(401);
    expect(200, send("POST", "/principals/etl/enable", root, ""));
    assertThat(tokenStatus(rotated)).isEqualTo(200);
    JsonNode listed = expect(200, send("GET", "/principals", root, null));
    assertThat(listed.path("principals").toString())
        .contains("\"name\":\"etl\"")
        .contains("\"name\":\"root\"");
    expect(404, send("POST", "/principals/ghost/rotate", root, ""));

    JsonNode audit = expect(200, send("GET", "/audit?principal=etl", root, null));
    assertThat(audit.path("entries").toString()).contains("\"outcome\":\"denied\"");
  }

  private JsonNode expect(int status, HttpResponse<String> reply) throws Exception {
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
    return JSON.readTree(reply.body());
  }

  private HttpResponse<String> send(String method, String path, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", authorization)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(String credential) throws Exception {
    HttpResponse<String> reply = tokenRequest(credential);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return JSON.readTree(reply.body()).path("access_token").asText();
  }

  private int tokenStatus(String credential) throws Exception {
    return tokenRequest(credential).statusCode();
  }

  private HttpResponse<String> tokenRequest(String credential) throws Exception {
    int colon = credential.indexOf(':');
    return http.send(
        HttpRequest.newBuilder(URI.create(server.uri() + "/v1/oauth/tokens"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id="
                        + q(credential.substring(0, colon))
                        + "&client_secret="
                        + q(credential.substring(colon + 1))))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
