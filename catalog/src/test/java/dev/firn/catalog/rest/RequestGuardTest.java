package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.ManagementEndpoint;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.access.AuthConfig;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both ports refuse what a web page could send: a foreign {@code Host} (421), a foreign {@code
 * Origin} (403), a body that is not JSON (415); the management port binds its own host and limits
 * bodies (413). Programs connecting by a loopback name pass.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestGuardTest {
  private static final String JSON = "application/json";
  private static final String ALTERNATE_LOOPBACK = "127.0.0.2";

  private CatalogServer server;
  private CatalogServer allowing;
  private CatalogServer anyHost;
  private String prefix;
  private final String allowingMarker = UUID.randomUUID().toString();

  @BeforeAll
  void startServers(S3Endpoint s3, @TempDir Path dir) throws IOException {
    // The guard runs before authentication and is tested on its own: these servers take requests
    // without tokens, which loopback binding allows.
    server =
        TestCatalogServers.start(
            s3,
            Database.sqlite(Files.createDirectory(dir.resolve("a"))),
            settings -> settings.auth(AuthConfig.OFF));
    server.mountManagement(
        "/echo",
        (caller, method, path, query, body) ->
            ManagementEndpoint.Reply.ok(Map.of("bytes", body.length)));
    prefix = "/v1/" + server.config().warehouseName();
    allowing =
        TestCatalogServers.start(
            s3,
            Database.sqlite(Files.createDirectory(dir.resolve("b"))),
            settings ->
                settings
                    .auth(AuthConfig.OFF)
                    .managementHost(canBind(ALTERNATE_LOOPBACK) ? ALTERNATE_LOOPBACK : "127.0.0.1")
                    .allowList(
                        new AllowList(List.of("firn.internal"), List.of("http://localhost:3000"))));
    allowing.mountManagement(
        "/whoami",
        (caller, method, path, query, body) ->
            ManagementEndpoint.Reply.ok(Map.of("id", allowingMarker)));
    anyHost =
        TestCatalogServers.start(
            s3,
            Database.sqlite(Files.createDirectory(dir.resolve("c"))),
            settings ->
                settings.auth(AuthConfig.OFF).allowList(new AllowList(List.of("*"), List.of())));
  }

  @AfterAll
  void stopServers() {
    for (CatalogServer started : new CatalogServer[] {server, allowing, anyHost}) {
      if (started != null) {
        started.close();
      }
    }
  }

  @Test
  void servesLoopbackNamesOnBothPortsByDefault() throws IOException {
    for (String host :
        List.of("localhost", "127.0.0.1", "[::1]", "LocalHost.", "[0:0:0:0:0:0:0:1]")) {
      assertThat(get(server.port(), "/v1/config", host + ":" + server.port()).status())
          .as(host)
          .isEqualTo(200);
      assertThat(get(server.managementPort(), "/health/live", host).status())
          .as(host)
          .isEqualTo(200);
    }
  }

  @Test
  void answersOtherHostsWith421OnBothPorts() throws IOException {
    for (String host :
        List.of(
            "evil.example", "evil.example:" + server.port(), "127.0.0.1.evil.example", "[::2]")) {
      RawHttp.Reply catalog = get(server.port(), "/v1/config", host);
      assertThat(catalog.status()).as(host).isEqualTo(421);
      assertThat(catalog.error().path("code").asInt()).isEqualTo(421);
      assertThat(catalog.error().path("type").asText()).isEqualTo("MisdirectedRequestException");
      assertThat(get(server.managementPort(), "/health/live", host).status())
          .as(host)
          .isEqualTo(421);
    }
    RawHttp.Reply post =
        RawHttp.send(
            server.port(),
            "POST",
            prefix + "/namespaces",
            Map.of("Host", "evil.example", "Content-Type", JSON),
            "{\"namespace\":[\"raw\",\"rebound\"]}");
    assertThat(post.status()).isEqualTo(421);
    assertThat(post.body()).doesNotContain("\tat ");
    assertThat(server.catalog().namespaceExists(Namespace.of("raw", "rebound"))).isFalse();
  }

  @Test
  void answersForeignOriginsWith403OnBothPorts() throws IOException {
    for (String origin : List.of("https://evil.example", "null", "http://localhost:3000")) {
      Map<String, String> headers = Map.of("Origin", origin, "Content-Type", JSON);
      RawHttp.Reply post =
          RawHttp.send(
              server.port(),
              "POST",
              prefix + "/namespaces",
              headers,
              "{\"namespace\":[\"raw\",\"csrf\"]}");
      assertThat(post.status()).as(origin).isEqualTo(403);
      assertThat(post.error().path("type").asText()).isEqualTo("ForbiddenException");
      assertThat(post.headers()).doesNotContainKey("access-control-allow-origin");
      assertThat(RawHttp.send(server.port(), "GET", "/v1/config", headers, null).status())
          .isEqualTo(403);
      assertThat(RawHttp.send(server.managementPort(), "POST", "/echo", headers, "{}").status())
          .isEqualTo(403);
    }
    assertThat(server.catalog().namespaceExists(Namespace.of("raw", "csrf"))).isFalse();
  }

  @Test
  void answersBodiesThatAreNotJsonWith415OnBothPorts() throws IOException {
    String body = "{\"namespace\":[\"raw\",\"form\"]}";
    for (String type :
        new String[] {
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data",
          "application/jsonp",
          null
        }) {
      Map<String, String> headers = type == null ? Map.of() : Map.of("Content-Type", type);
      RawHttp.Reply reply =
          RawHttp.send(server.port(), "POST", prefix + "/namespaces", headers, body);
      assertThat(reply.status()).as(type).isEqualTo(415);
      assertThat(reply.error().path("type").asText()).isEqualTo("UnsupportedMediaTypeException");
      assertThat(RawHttp.send(server.managementPort(), "POST", "/echo", headers, "{}").status())
          .as(type)
          .isEqualTo(415);
    }
    assertThat(server.catalog().namespaceExists(Namespace.of("raw", "form"))).isFalse();
    // A chunked body without a type is a body too.
    assertThat(
            RawHttp.send(
                    server.port(),
                    "POST",
                    prefix + "/namespaces",
                    Map.of("Transfer-Encoding", "chunked"),
                    Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
                .status())
        .isEqualTo(415);
    // The token endpoint alone takes the form OAuth2 prescribes; this server has no issuer.
    RawHttp.Reply token =
        RawHttp.send(
            server.port(),
            "POST",
            "/v1/oauth/tokens",
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "grant_type=client_credentials");
    assertThat(token.status()).isEqualTo(400);
    assertThat(token.json().path("error").asText()).isEqualTo("invalid_request");

    for (String type : List.of("application/json; charset=utf-8", "Application/JSON")) {
      String name = type.contains("charset") ? "charset" : "upper";
      RawHttp.Reply created =
          RawHttp.send(
              server.port(),
              "POST",
              prefix + "/namespaces",
              Map.of("Content-Type", type),
              "{\"namespace\":[\"raw\",\"" + name + "\"]}");
      assertThat(created.status()).as(type).isEqualTo(200);
    }
    assertThat(
            RawHttp.send(
                    server.port(), "DELETE", prefix + "/namespaces/raw%1Fupper", Map.of(), null)
                .status())
        .as("a request without a body needs no type")
        .isEqualTo(204);
  }

  @Test
  void answersManagementBodiesAboveTheLimitWith413() throws IOException {
    int limit = 1024 * 1024;
    String atLimit = "\"" + "x".repeat(limit - 2) + "\"";
    RawHttp.Reply accepted =
        RawHttp.send(
            server.managementPort(), "POST", "/echo", Map.of("Content-Type", JSON), atLimit);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.json().path("bytes").asInt()).isEqualTo(limit);

    // Declared only: the server answers from the length, before any body arrives.
    RawHttp.Reply refused =
        RawHttp.send(
            server.managementPort(),
            "POST",
            "/echo",
            Map.of("Content-Type", JSON, "Content-Length", String.valueOf(limit + 1)),
            null);
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.error().path("code").asInt()).isEqualTo(413);
    assertThat(refused.error().path("message").asText()).contains(String.valueOf(limit));
  }

  @Test
  void bindsTheManagementPortToItsOwnHost() throws IOException {
    assumeThat(canBind(ALTERNATE_LOOPBACK)).as("a second loopback address").isTrue();
    assumeThat(separatesLoopbackAddresses())
        .as("a listener on one loopback address is not reached through another")
        .isTrue();
    int management = allowing.managementPort();
    assertThat(
            RawHttp.send(
                    ALTERNATE_LOOPBACK,
                    management,
                    "GET",
                    "/whoami",
                    Map.of("Host", ALTERNATE_LOOPBACK),
                    null)
                .body())
        .as("the bound address reaches the management port and is an allowed host")
        .contains(allowingMarker);
    assertThat(answersWith("127.0.0.1", management, "/whoami", allowingMarker))
        .as("the management port is not reachable on the catalog's address")
        .isFalse();
    assertThat(get(allowing.port(), "/v1/config", "localhost").status()).isEqualTo(200);
    assertThat(answersWith(ALTERNATE_LOOPBACK, allowing.port(), "/v1/config", "\"defaults\""))
        .as("the catalog port is not reachable on the management address")
        .isFalse();
  }

  @Test
  void servesTheAllowedHostsAndOrigins() throws IOException {
    String managementAddress = allowing.config().managementHost();
    for (String host : List.of("firn.internal", "FIRN.internal:8181")) {
      assertThat(get(allowing.port(), "/v1/config", host).status()).as(host).isEqualTo(200);
      assertThat(
              RawHttp.send(
                      managementAddress,
                      allowing.managementPort(),
                      "GET",
                      "/health/live",
                      Map.of("Host", host),
                      null)
                  .status())
          .as(host)
          .isEqualTo(200);
    }
    assertThat(get(allowing.port(), "/v1/config", "other.internal").status()).isEqualTo(421);
    assertThat(get(allowing.port(), "/v1/config", "localhost").status())
        .as("loopback names stay allowed")
        .isEqualTo(200);

    Map<String, String> fromApp = Map.of("Origin", "http://localhost:3000");
    RawHttp.Reply config = RawHttp.send(allowing.port(), "GET", "/v1/config", fromApp, null);
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.headers())
        .containsEntry("access-control-allow-origin", "http://localhost:3000");
    RawHttp.Reply preflight =
        RawHttp.send(
            allowing.port(),
            "OPTIONS",
            "/v1/" + allowing.config().warehouseName() + "/namespaces",
            Map.of(
                "Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type"),
            null);
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers().get("access-control-allow-methods")).contains("POST");
    assertThat(preflight.headers().get("access-control-allow-headers")).contains("Content-Type");
    assertThat(
            RawHttp.send(
                    allowing.port(),
                    "GET",
                    "/v1/config",
                    Map.of("Origin", "http://localhost:3001"),
                    null)
                .status())
        .isEqualTo(403);
  }

  @Test
  void servesAnyHostWhenTheSettingSaysSo() throws IOException {
    assertThat(get(anyHost.port(), "/v1/config", "anything.example").status()).isEqualTo(200);
    assertThat(get(anyHost.managementPort(), "/health/live", "anything.example").status())
        .isEqualTo(200);
    assertThat(
            RawHttp.send(
                    anyHost.port(),
                    "GET",
                    "/v1/config",
                    Map.of("Origin", "https://evil.example"),
                    null)
                .status())
        .as("origins are still checked")
        .isEqualTo(403);
  }

  @Test
  void icebergsClientAndJavasHttpClientPass() throws Exception {
    try (RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
      client.createNamespace(Namespace.of("raw", "client"));
      assertThat(client.listNamespaces(Namespace.of("raw")))
          .contains(Namespace.of("raw", "client"));
    }
    HttpClient http = HttpClient.newHttpClient();
    for (String base : List.of("http://127.0.0.1:", "http://localhost:")) {
      HttpResponse<String> live =
          http.send(
              HttpRequest.newBuilder(URI.create(base + server.managementPort() + "/health/live"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).as(base).isEqualTo(200);
    }
  }

  private static RawHttp.Reply get(int port, String path, String host) throws IOException {
    return RawHttp.send(port, "GET", path, Map.of("Host", host), null);
  }

  /** Whether something at {@code address:port} answers {@code path} with a body holding marker. */
  private static boolean answersWith(String address, int port, String path, String marker) {
    try {
      return RawHttp.send(address, port, "GET", path, Map.of("Host", "localhost"), null)
          .body()
          .contains(marker);
    } catch (IOException nothingThere) {
      return false;
    }
  }

  /** Some sandboxes route every loopback address to one listener; binding a host means nothing. */
  private static boolean separatesLoopbackAddresses() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(ALTERNATE_LOOPBACK), 0));
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", socket.getLocalPort()), 2_000);
        return false;
      } catch (IOException refused) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean canBind(String address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
