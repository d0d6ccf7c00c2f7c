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
 * whose service accounts and users carry realm roles, some marked as Firn's ({@code firn-ingest})
 * and some not (the realm's own {@code admin}). Firn accepts the tokens Keycloak issues for its
 * audience, maps the marked roles to Firn's, names the provider's principals apart from its own,
 * refuses every other token, and picks up a rotated signing key.
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
            keycloak.issuer(REALM), "firn", "preferred_username", "realm_access.roles", "firn-");
    server =
        TestCatalogServers.start(
            s3, Database.sqlite(dir), settings -> settings.auth(AuthConfig.DEFAULT.with(provider)));
    root = TestCatalogServers.client(server, Map.of());
    root.createNamespace(Namespace.of("raw", "kc"));
    root.createNamespace(Namespace.of("curated", "kc"));
    TableRows.append(root.createTable(SHOWN, SCHEMA), TableRows.numbered(SCHEMA, 100, 102));
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
      // Keycloak's realm role firn-ingest is Firn's ready-made ingest role: create and write in
      // raw,
      // through requests Firn signs (no storage keys for anyone but admins).
      Table landed = ingest.createTable(LANDED, SCHEMA);
      assertThat(landed.io().properties()).doesNotContainKey("s3.secret-access-key");
      TableRows.append(landed, TableRows.numbered(SCHEMA, 0, 3));
      assertThat(TableRows.longs(TableRows.read(ingest.loadTable(LANDED)), "id"))
          .containsExactly(0L, 1L, 2L);
      assertThatThrownBy(
              () -> ingest.createTable(TableIdentifier.of("curated", "kc", "nope"), SCHEMA))
          .isInstanceOf(ForbiddenException.class)
          .hasMessageContaining("oidc:service-account-ingest-job");

      assertThat(TableRows.longs(TableRows.read(analyst.loadTable(SHOWN)), "id"))
          .containsExactly(100L, 101L);
      assertThat(analyst.listNamespaces()).containsExactly(Namespace.of("curated"));
      assertThatThrownBy(() -> analyst.loadTable(LANDED)).isInstanceOf(ForbiddenException.class);

      // The realm's own admin role is not Firn's.
      assertThat(stranger.listNamespaces()).isEmpty();
      assertThatThrownBy(() -> stranger.loadTable(SHOWN)).isInstanceOf(ForbiddenException.class);
    }
    JsonNode whoami = management("/access/whoami", clientToken("analyst-app"));
    assertThat(whoami.path("principal").asText()).isEqualTo("oidc:service-account-analyst-app");
    assertThat(whoami.path("roles").toString()).contains("analyst").doesNotContain("ingest");

    // The refusal is in the audit trail, under the provider's principal.
    JsonNode audit =
        management(
            "/access/audit?principal=oidc:service-account-ingest-job",
            server.authentication().issue("root"));
    List<String> outcomes = new ArrayList<>();
    audit.path("entries").forEach(entry -> outcomes.add(entry.path("status").asText()));
    assertThat(outcomes).contains("403", "200");
  }

  @Test
  void tokensFirnMustNotAcceptAreRefused() throws Exception {
    // For another audience.
    assertThat(status("/v1/config", clientToken("elsewhere-app"))).isEqualTo(401);
    // A user of the provider named like Firn's own root, with the realm's admin role, is the
    // provider's root: none of Firn's root's grants, and not Firn's admin.
    String impostor = keycloak.userToken(REALM, "people", "root", "root-password");
    JsonNode who = management("/access/whoami", impostor);
    assertThat(who.path("principal").asText()).isEqualTo("oidc:root");
    assertThat(who.path("roles").size()).isZero();
    assertThat(status("/v1/" + server.config().warehouseName() + "/namespaces", impostor))
        .isEqualTo(200);
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.uri() + "/v1/" + server.config().warehouseName() + "/namespaces"))
                .header("Authorization", "Bearer " + impostor)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":[\"raw\",\"mine\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(403);
    // Tokens claiming the provider as issuer that no key of it signed: unsigned, signed with a
    // shared secret, signed by a key it never listed, or encrypted-shaped.
    String claims =
        "{\"iss\":\""
            + keycloak.issuer(REALM)
            + "\",\"aud\":\"firn\",\"preferred_username\":\"forger\","
            + "\"realm_access\":{\"roles\":[\"firn-admin\"]},\"exp\":"
            + (System.currentTimeMillis() / 1000 + 600)
            + "}";
    String payload = base64(claims);
    String unsigned = base64("{\"alg\":\"none\"}") + "." + payload + ".";
    String hmac = hs256(base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + payload);
    String otherKey =
        new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
            .keyID("not-listed")
            .generate()
            .toString();
    String unlisted = rs256(com.nimbusds.jose.jwk.RSAKey.parse(otherKey), claims);
    String encrypted = base64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d";
    for (String forged : List.of(unsigned, hmac, unlisted, encrypted)) {
      assertThat(status("/v1/config", forged)).as(forged).isEqualTo(401);
    }
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

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String hs256(String signingInput) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
    return signingInput
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String rs256(com.nimbusds.jose.jwk.RSAKey key, String claims) throws Exception {
    com.nimbusds.jwt.SignedJWT jwt =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .build(),
            com.nimbusds.jwt.JWTClaimsSet.parse(claims));
    jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
    return jwt.serialize();
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
}
