package dev.firn.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request but a token request and the health probes needs a valid bearer token, on both
 * ports; tokens come from the server's own issuer for a principal's credential.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private S3Endpoint s3;
  private Path dir;
  private CatalogServer server;

  @BeforeAll
  void start(S3Endpoint endpoint, @TempDir Path folder) {
    s3 = endpoint;
    dir = folder;
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** Every kind of Authorization header that must be refused, by what is wrong with it. */
  private Map<String, String> refusedAuthorizations() throws Exception {
    ECKey serverKey = storedSigningKey();
    ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID(serverKey.getKeyID()).generate();
    String issuer = server.authentication().issuer();
    Instant now = Instant.now();
    Map<String, String> refused = new HashMap<>();
    refused.put("no token", null);
    refused.put("not bearer", "Basic " + "cm9vdDpub3Bl");
    refused.put("malformed", "Bearer not.a.token");
    refused.put("expired", "Bearer " + sign(serverKey, issuer, "firn", "root", now.minus(2, H)));
    refused.put("wrong issuer", "Bearer " + sign(serverKey, "urn:other", "firn", "root", now));
    refused.put("wrong audience", "Bearer " + sign(serverKey, issuer, "other", "root", now));
    refused.put("bad signature", "Bearer " + sign(otherKey, issuer, "firn", "root", now));
    refused.put("unknown principal", "Bearer " + sign(serverKey, issuer, "firn", "nobody", now));
    return refused;
  }

  @Test
  void refusesRequestsWithoutAValidTokenOnBothPorts() throws Exception {
    ECKey serverKey = storedSigningKey();
    String issuer = server.authentication().issuer();
    Instant now = Instant.now();
    Map<String, String> refused = refusedAuthorizations();
    String catalog = server.uri() + "/v1/config";
    String namespaces = server.uri() + "/v1/" + server.config().warehouseName() + "/namespaces";
    String metrics = "http://127.0.0.1:" + server.managementPort() + "/metrics";
    for (Map.Entry<String, String> attempt : refused.entrySet()) {
      for (String uri : new String[] {catalog, namespaces, metrics}) {
        HttpResponse<String> reply = get(uri, attempt.getValue());
        assertThat(reply.statusCode()).as(attempt.getKey() + " " + uri).isEqualTo(401);
        JsonNode error = JSON.readTree(reply.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("NotAuthorizedException");
        assertThat(error.path("code").asInt()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate"))
            .contains("Bearer realm=\"firn\"");
      }
    }
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(namespaces))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":[\"raw\",\"anon\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(401);
    assertThat(server.catalog().namespaceExists(Namespace.of("raw", "anon"))).isFalse();

    String valid = "Bearer " + sign(serverKey, issuer, "firn", "root", now);
    assertThat(get(catalog, valid).statusCode()).isEqualTo(200);
    assertThat(get(metrics, valid).statusCode()).isEqualTo(200);
    String health = "http://127.0.0.1:" + server.managementPort() + "/health/";
    assertThat(get(health + "live", null).statusCode()).isEqualTo(200);
    assertThat(get(health + "ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void everyEndpointTheCatalogAdvertisesRefusesACallerWithoutAValidToken() throws Exception {
    String valid = TestCatalogServers.bearer(server);
    JsonNode config = JSON.readTree(get(server.uri() + "/v1/config", valid).body());
    List<String> endpoints = new ArrayList<>();
    config.path("endpoints").forEach(endpoint -> endpoints.add(endpoint.asText()));
    assertThat(endpoints).hasSizeGreaterThan(20);
    Map<String, String> refused = refusedAuthorizations();
    for (String endpoint : endpoints) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String path =
          endpoint
              .substring(endpoint.indexOf(' ') + 1)
              .replace("{prefix}", server.config().warehouseName())
              .replace("{namespace}", "raw%1Fsecret")
              .replace("{table}", "t")
              .replace("{view}", "v");
      for (Map.Entry<String, String> attempt : refused.entrySet()) {
        String authorization = attempt.getValue();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(
                    method,
                    method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString(
                            "{\"namespace\":[\"raw\",\"secret\"],\"name\":\"t\"}")
                        : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json");
        if (authorization != null) {
          request.header("Authorization", authorization);
        }
        HttpResponse<String> reply =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(endpoint + " with " + attempt.getKey()).isEqualTo(401);
      }
    }
    // The management port: every route of the catalog's own (maintenance mounts its routes behind
    // the same check; its tests cover them).
    String management = "http://127.0.0.1:" + server.managementPort();
    List<String> routes =
        List.of(
            "GET /metrics",
            "GET /access/whoami",
            "GET /access/principals",
            "POST /access/principals",
            "POST /access/principals/root/rotate",
            "POST /access/roles",
            "POST /access/grants",
            "DELETE /access/grants",
            "GET /access/privileges?on=catalog",
            "GET /access/audit");
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      for (Map.Entry<String, String> attempt : refused.entrySet()) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(management + route.substring(method.length() + 1)))
                .method(
                    method,
                    method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"intruder\",\"role\":\"admin\",\"privilege\":\"admin\","
                                + "\"on\":\"catalog\",\"table\":\"raw.secret.t\"}"))
                .header("Content-Type", "application/json");
        if (attempt.getValue() != null) {
          request.header("Authorization", attempt.getValue());
        }
        HttpResponse<String> reply =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(route + " with " + attempt.getKey()).isEqualTo(401);
      }
    }
    assertThat(server.catalog().namespaceExists(Namespace.of("raw", "secret"))).isFalse();
    assertThat(server.authentication().exists("intruder")).isFalse();
  }

  @Test
  void aTokenNamingTheAnonymousCallerGetsNoPrivilegeOfIt() throws Exception {
    assertThatThrownBy(() -> server.authentication().createPrincipal("anonymous"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid principal name: anonymous");
    Principal named = new Principal("anonymous");
    assertThat(server.privileges().allows(named, Privilege.READ, Securable.catalog())).isFalse();
    assertThat(
            server.privileges().allows(Principal.ANONYMOUS, Privilege.ADMIN, Securable.catalog()))
        .isTrue();
  }

  @Test
  void issuesTokensForTheRootCredentialOnly() throws Exception {
    String root = TestCatalogServers.rootCredential(server);
    HttpResponse<String> granted = tokenRequest(form(root));
    assertThat(granted.statusCode()).isEqualTo(200);
    assertThat(granted.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode token = JSON.readTree(granted.body());
    assertThat(token.path("token_type").asText()).isEqualTo("bearer");
    assertThat(token.path("expires_in").asInt()).isEqualTo(3600);
    String access = token.path("access_token").asText();
    assertThat(get(server.uri() + "/v1/config", "Bearer " + access).statusCode()).isEqualTo(200);

    for (String wrong : new String[] {"root:wrong", "nobody:" + root.substring(5)}) {
      HttpResponse<String> refused = tokenRequest(form(wrong));
      assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
      assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("invalid_client");
    }
    HttpResponse<String> unsupported = tokenRequest("grant_type=password&username=root");
    assertThat(unsupported.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unsupported.body()).path("error").asText())
        .isEqualTo("unsupported_grant_type");

    // Iceberg's client refreshes by exchanging its current token.
    HttpResponse<String> exchanged =
        tokenRequest(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token="
                + access
                + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token");
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    // An exchange keeps the time of the sign-in: after a day, the client signs in again.
    ECKey key = storedSigningKey();
    Instant now = Instant.now();
    SignedJWT old =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(server.authentication().issuer())
                .audience("firn")
                .subject("root")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("auth_time", now.minus(Duration.ofHours(25)).getEpochSecond())
                .build());
    old.sign(new ECDSASigner(key));
    HttpResponse<String> stale =
        tokenRequest(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token="
                + old.serialize()
                + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token");
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(400);
    assertThat(JSON.readTree(stale.body()).path("error").asText()).isEqualTo("invalid_grant");
    assertThat(JSON.readTree(exchanged.body()).path("access_token").asText()).isNotEqualTo(access);
  }

  @Test
  void icebergsClientSignsInWithTheCredentialAndIsRefusedWithAWrongOne() throws Exception {
    try (RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
      client.createNamespace(Namespace.of("raw", "signed_in"));
      assertThat(client.namespaceExists(Namespace.of("raw", "signed_in"))).isTrue();
    }
    Map<String, String> wrong = new HashMap<>();
    wrong.put("credential", "root:not-the-secret");
    wrong.put("oauth2-server-uri", server.uri() + "/v1/oauth/tokens");
    assertThatThrownBy(() -> TestCatalogServers.client(server, wrong))
        .isInstanceOf(NotAuthorizedException.class);
    Map<String, String> none = new HashMap<>();
    none.put("token", "not-a-token");
    assertThatThrownBy(() -> TestCatalogServers.client(server, none))
        .isInstanceOf(NotAuthorizedException.class);
  }

  @Test
  void createsRootOnceAndKeepsItsSecretHashedAcrossRestarts(@TempDir Path other) throws Exception {
    UnaryOperator<dev.firn.catalog.CatalogConfig.Builder> sameWarehouse =
        settings -> settings.warehouseName("restarted");
    String secret;
    try (CatalogServer first =
        TestCatalogServers.start(s3, Database.sqlite(other), sameWarehouse)) {
      Credential root = first.createdRootCredential().orElseThrow();
      assertThat(root.clientId()).isEqualTo("root");
      assertThat(root.toString()).doesNotContain(root.secret());
      secret = root.secret();
    }
    try (CatalogServer again = TestCatalogServers.start(s3, Database.sqlite(other), sameWarehouse);
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + other.resolve("catalog.db"));
        Statement query = db.createStatement();
        ResultSet rows = query.executeQuery("SELECT secret_hash FROM firn_principals")) {
      assertThat(again.createdRootCredential()).isEmpty();
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("sha256:").doesNotContain(secret);
      assertThat(rows.next()).as("one principal").isFalse();
      assertThat(tokenRequest(again, form("root:" + secret)).statusCode()).isEqualTo(200);
    }
  }

  private static final java.time.temporal.ChronoUnit H = java.time.temporal.ChronoUnit.HOURS;

  private ECKey storedSigningKey() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog.db"));
        Statement query = db.createStatement();
        ResultSet rows = query.executeQuery("SELECT jwk FROM firn_signing_keys")) {
      assertThat(rows.next()).isTrue();
      return ECKey.parse(rows.getString(1));
    }
  }

  private static String sign(
      ECKey key, String issuer, String audience, String subject, Instant issuedAt)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(Duration.ofHours(1))))
                .build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private static String form(String credential) {
    int colon = credential.indexOf(':');
    return "grant_type=client_credentials&client_id="
        + credential.substring(0, colon)
        + "&client_secret="
        + credential.substring(colon + 1)
        + "&scope=catalog";
  }

  private HttpResponse<String> tokenRequest(String body) throws Exception {
    return tokenRequest(server, body);
  }

  private HttpResponse<String> tokenRequest(CatalogServer target, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(target.uri() + "/v1/oauth/tokens"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String uri, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
