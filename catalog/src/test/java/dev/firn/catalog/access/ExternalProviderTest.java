package dev.firn.catalog.access;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.LocalKeycloak;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in through a real OpenID Connect provider: Keycloak, from its distribution, with a realm
 * whose service accounts and users carry realm roles named like Firn's. Firn accepts the tokens
 * Keycloak issues for its audience, maps their roles to Firn's, refuses every other token, and
 * picks up a rotated signing key.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REALM = "lake";
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final TableIdentifier LANDED = TableIdentifier.of("raw", "kc", "landed");
  private static final TableIdentifier SHOWN = TableIdentifier.of("curated", "kc", "shown");

  private final HttpClient http = HttpClient.newHttpClient();
  private LocalKeycloak keycloak;
  private CatalogServer server;
  private RESTCatalog root;

  @BeforeAll
  void start(S3Endpoint s3, @TempDir Path dir) throws IOException {
    LocalKeycloak.assumeAvailable();
    String realm;
    try (InputStream in = getClass().getResourceAsStream("/keycloak/lake-realm.json")) {
      realm = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    keycloak = LocalKeycloak.start(realm);
    OidcProvider provider =
        new OidcProvider(
            keycloak.issuer(REALM), "firn", "preferred_username", "realm_access.roles");
    server =
        TestCatalogServers.start(
            s3, Database.sqlite(dir), settings -> settings.auth(AuthConfig.DEFAULT.with(provider)));
    root = TestCatalogServers.client(server, Map.of());
    root.createNamespace(Namespace.of("raw", "kc"));
    root.createNamespace(Namespace.of("curated", "kc"));
    TableRows.append(root.createTable(SHOWN, SCHEMA), rows(100, 102));
  }

  @AfterAll
  void stop() throws Exception {
    if (root != null) {
      root.close();
    }
    if (server != null) {
      server.close();
    }
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @Test
  void theProvidersRolesDecideWhatItsPrincipalsMayDo() throws Exception {
    try (RESTCatalog ingest = client("ingest-job");
        RESTCatalog analyst = client("analyst-app");
        RESTCatalog stranger = client("stranger-app")) {
      // Keycloak's realm role "ingest" is Firn's ready-made ingest role: create and write in raw,
      // through requests Firn signs (no storage keys for anyone but admins).
      Table landed = ingest.createTable(LANDED, SCHEMA);
      assertThat(landed.io().properties()).doesNotContainKey("s3.secret-access-key");
      TableRows.append(landed, rows(0, 3));
      assertThat(ids(TableRows.read(ingest.loadTable(LANDED)))).containsExactly(0L, 1L, 2L);
      assertThatThrownBy(
              () -> ingest.createTable(TableIdentifier.of("curated", "kc", "nope"), SCHEMA))
          .isInstanceOf(ForbiddenException.class)
          .hasMessageContaining("service-account-ingest-job");

      assertThat(ids(TableRows.read(analyst.loadTable(SHOWN)))).containsExactly(100L, 101L);
      assertThat(analyst.listNamespaces()).containsExactly(Namespace.of("curated"));
      assertThatThrownBy(() -> analyst.loadTable(LANDED)).isInstanceOf(ForbiddenException.class);

      assertThat(stranger.listNamespaces()).isEmpty();
      assertThatThrownBy(() -> stranger.loadTable(SHOWN)).isInstanceOf(ForbiddenException.class);
    }
    JsonNode whoami = management("/access/whoami", clientToken("analyst-app"));
    assertThat(whoami.path("principal").asText()).isEqualTo("service-account-analyst-app");
    assertThat(whoami.path("roles").toString()).contains("analyst").doesNotContain("ingest");

    // The refusal is in the audit trail, under the provider's principal.
    JsonNode audit =
        management(
            "/access/audit?principal=service-account-ingest-job",
            server.authentication().issue("root"));
    List<String> outcomes = new ArrayList<>();
    audit.path("entries").forEach(entry -> outcomes.add(entry.path("status").asText()));
    assertThat(outcomes).contains("403", "200");
  }

  @Test
  void tokensFirnMustNotAcceptAreRefused() throws Exception {
    // For another audience.
    assertThat(status("/v1/config", clientToken("elsewhere-app"))).isEqualTo(401);
    // A user of the provider named like Firn's own root, even with the provider's admin role.
    String impostor = keycloak.userToken(REALM, "people", "root", "root-password");
    HttpResponse<String> refused = get("/v1/config", impostor);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("principal of Firn's own");
    // Tampered with: the payload of one token under the signature of another.
    String analyst = clientToken("analyst-app");
    String ingest = clientToken("ingest-job");
    String[] a = analyst.split("\\.");
    String[] b = ingest.split("\\.");
    assertThat(status("/v1/config", a[0] + "." + b[1] + "." + a[2])).isEqualTo(401);
    // Firn renews only its own tokens.
    HttpResponse<String> exchanged =
        http.send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/v1/oauth/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
                            + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
                            + "&subject_token="
                            + analyst))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(exchanged.statusCode()).isEqualTo(400);
    assertThat(exchanged.body()).contains("invalid_grant");
    assertThat(status("/v1/config", analyst)).isEqualTo(200);
  }

  @Test
  void aRotatedSigningKeyIsPickedUp() throws Exception {
    String before = clientToken("analyst-app");
    assertThat(status("/v1/config", before)).isEqualTo(200);
    String realmId = keycloak.admin("GET", "/" + REALM, null).path("id").asText();
    keycloak.admin(
        "POST",
        "/" + REALM + "/components",
        Map.of(
            "name", "rotated",
            "providerId", "rsa-generated",
            "providerType", "org.keycloak.keys.KeyProvider",
            "parentId", realmId,
            "config", Map.of("priority", List.of("1000"), "keySize", List.of("2048"))));
    String after = clientToken("analyst-app");
    assertThat(keyId(after)).isNotEqualTo(keyId(before));
    // Firn has not seen the new key: it fetches the provider's keys again, at most twice in ten
    // seconds, so a fetch made just before may hold this one back for a few seconds.
    int status = status("/v1/config", after);
    for (int attempt = 0; status != 200 && attempt < 30; attempt++) {
      Thread.sleep(1000);
      status = status("/v1/config", after);
    }
    assertThat(status).isEqualTo(200);
  }

  private RESTCatalog client(String clientId) {
    return TestCatalogServers.client(
        server,
        Map.of(
            "credential",
            clientId + ":" + clientId + "-secret",
            "oauth2-server-uri",
            keycloak.tokenEndpoint(REALM).toString(),
            "scope",
            "openid",
            "rest.auth.type",
            "oauth2"));
  }

  private String clientToken(String clientId) {
    return keycloak.clientToken(REALM, clientId, clientId + "-secret");
  }

  private static String keyId(String token) throws IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0])).path("kid").asText();
  }

  private int status(String path, String token) throws Exception {
    return get(path, token).statusCode();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode management(String path, String token) throws Exception {
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return JSON.readTree(reply.body());
  }

  private static List<Record> rows(int from, int to) {
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", id);
      rows.add(row);
    }
    return rows;
  }

  private static List<Long> ids(List<Record> rows) {
    return rows.stream().map(row -> (Long) row.getField("id")).sorted().toList();
  }
}
