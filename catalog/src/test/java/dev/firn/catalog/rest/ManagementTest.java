package dev.firn.catalog.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.ManagementEndpoint;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.s3.EmbeddedS3;
import dev.firn.testing.S3Backend;
import dev.firn.testing.S3Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness, readiness and metrics on the management port, readiness following its dependencies. */
class ManagementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void reportsReadyOnlyWhileDatabaseAndStorageAnswer(@TempDir Path dir) throws Exception {
    // A storage server of this test's own, so it can be stopped.
    EmbeddedS3 storage = EmbeddedS3.builder().bucket("health").start();
    S3Endpoint s3 =
        new S3Endpoint(
            S3Backend.S3PROXY,
            storage.endpoint(),
            storage.region(),
            storage.accessKeyId(),
            storage.secretAccessKey(),
            storage.bucket());
    try (CatalogServer server = TestCatalogServers.start(s3, Database.sqlite(dir))) {
      String base = "http://127.0.0.1:" + server.managementPort();
      assertThat(server.managementPort()).isPositive().isNotEqualTo(server.port());

      assertThat(get(server, base + "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(server, base + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      JsonNode checks = JSON.readTree(ready.body()).path("checks");
      assertThat(checks.path("database").asText()).isEqualTo("UP");
      assertThat(checks.path("storage").asText()).isEqualTo("UP");

      assertThat(get(server, server.uri() + "/v1/config").statusCode()).isEqualTo(200);
      String metrics = get(server, base + "/metrics").body();
      assertThat(metrics)
          .contains("firn_requests_total{operation=\"CONFIG\",status=\"200\"} 1")
          .contains("firn_commits_total{outcome=\"applied\"}")
          .contains("firn_metadata_cache_entries")
          .contains("firn_database_connections_active")
          .contains("firn_journal_pending");
      // The process's own figures, with values a live JVM on Linux has.
      assertThat(gauge(metrics, "firn_jvm_heap_used_bytes")).isPositive();
      assertThat(gauge(metrics, "firn_jvm_threads_live")).isGreaterThan(5);
      assertThat(gauge(metrics, "firn_process_open_fds")).isGreaterThan(3);
      assertThat(gauge(metrics, "firn_process_resident_memory_bytes")).isGreaterThan(1L << 20);

      storage.close();
      HttpResponse<String> notReady = get(server, base + "/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      JsonNode down = JSON.readTree(notReady.body());
      assertThat(down.path("status").asText()).isEqualTo("DOWN");
      // The probe needs no token, so it tells no more than that (no endpoint, no error text).
      assertThat(down.path("checks").path("storage").asText()).isEqualTo("DOWN");
      assertThat(down.path("checks").path("database").asText()).isEqualTo("UP");
      assertThat(get(server, base + "/health/live").statusCode()).isEqualTo(200);

      // The catalog API is not served on the management port.
      assertThat(get(server, base + "/v1/config").statusCode()).isEqualTo(404);
    } finally {
      storage.close();
    }
  }

  @Test
  void servesMountedEndpointsWithJsonAndMapsBadInputTo400(@TempDir Path dir) throws Exception {
    EmbeddedS3 storage = EmbeddedS3.builder().bucket("mounted").start();
    S3Endpoint s3 =
        new S3Endpoint(
            S3Backend.S3PROXY,
            storage.endpoint(),
            storage.region(),
            storage.accessKeyId(),
            storage.secretAccessKey(),
            storage.bucket());
    try (CatalogServer server = TestCatalogServers.start(s3, Database.sqlite(dir))) {
      server.mountManagement(
          "/echo",
          (caller, method, path, query, body) -> {
            if (query.containsKey("bad")) {
              throw new IllegalArgumentException("Invalid bad: " + query.get("bad"));
            }
            return ManagementEndpoint.Reply.ok(
                Map.of("method", method, "path", path, "body", new String(body, UTF_8)));
          });
      String base = "http://127.0.0.1:" + server.managementPort();

      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/echo/runs/7"))
                  .header("Authorization", TestCatalogServers.bearer(server))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"dry-run\":true}"))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).isEqualTo(200);
      JsonNode echoed = JSON.readTree(posted.body());
      assertThat(echoed.path("method").asText()).isEqualTo("POST");
      assertThat(echoed.path("path").asText()).isEqualTo("/runs/7");
      assertThat(echoed.path("body").asText()).isEqualTo("{\"dry-run\":true}");

      HttpResponse<String> bad = get(server, base + "/echo?bad=yes");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(bad.body()).path("error").path("message").asText())
          .isEqualTo("Invalid bad: yes");
      assertThat(get(server, base + "/health/live").statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> server.mountManagement("/health", (c, m, p, q, b) -> null))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      storage.close();
    }
  }

  private HttpResponse<String> get(CatalogServer server, String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", TestCatalogServers.bearer(server))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long gauge(String metrics, String name) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToLong(line -> Long.parseLong(line.substring(name.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gauge " + name + " in\n" + metrics));
  }
}
