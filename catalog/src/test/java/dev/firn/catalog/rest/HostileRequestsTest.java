package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.store.ReportStore;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a client could send to wear the catalog down or break it: oversized metrics reports and
 * report floods are bounded, and metadata updates Iceberg's builders refuse get a 4xx, never a 5xx.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
  private static final String JSON = "application/json";
  private static final String SCHEMA =
      "{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
          + "[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}";
  private static final TableIdentifier REPORTED = TableIdentifier.of("raw", "h", "reported");

  private CatalogServer server;
  private String prefix;

  @BeforeAll
  void startServer(S3Endpoint s3, @TempDir Path dir) throws IOException {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    prefix = "/v1/" + server.config().warehouseName();
    expect(post("/namespaces", "{\"namespace\":[\"raw\",\"h\"]}"), 200);
    expect(
        post("/namespaces/raw%1Fh/tables", "{\"name\":\"reported\",\"schema\":" + SCHEMA + "}"),
        200);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void answersMetricsReportsAbove64KiBWith413() throws IOException {
    String path = "/namespaces/raw%1Fh/tables/reported/metrics";
    int limit = ReportStore.MAX_REPORT_BYTES;
    expect(post(path, commitReport(limit)), 204);
    RawHttp.Reply declared =
        RawHttp.send(
            server.port(),
            "POST",
            prefix + path,
            Map.of("Content-Type", JSON, "Content-Length", String.valueOf(limit + 1)),
            null);
    expect(declared, 413);
    assertThat(declared.error().path("message").asText()).contains(String.valueOf(limit));
    String over = commitReport(limit + 1);
    RawHttp.Reply chunked =
        RawHttp.send(
            server.port(),
            "POST",
            prefix + path,
            Map.of("Content-Type", JSON, "Transfer-Encoding", "chunked"),
            Integer.toHexString(over.length()) + "\r\n" + over + "\r\n0\r\n\r\n");
    expect(chunked, 413);
    assertThat(server.metricsReports(REPORTED)).as("only the report within the limit").hasSize(1);
  }

  @Test
  void keepsTheNewestReportsOfATable() throws IOException {
    TableIdentifier flooded = TableIdentifier.of("raw", "h", "flooded");
    expect(
        post("/namespaces/raw%1Fh/tables", "{\"name\":\"flooded\",\"schema\":" + SCHEMA + "}"),
        200);
    int sent = ReportStore.KEPT_PER_TABLE_DEFAULT + 5;
    for (int i = 0; i < sent; i++) {
      String report =
          "{\"report-type\":\"commit-report\",\"table-name\":\"flooded\",\"snapshot-id\":"
              + i
              + ",\"sequence-number\":1,\"operation\":\"append\",\"metrics\":{}}";
      expect(post("/namespaces/raw%1Fh/tables/flooded/metrics", report), 204);
    }
    assertThat(server.metricsReports(flooded))
        .hasSize(ReportStore.KEPT_PER_TABLE_DEFAULT)
        .first()
        .satisfies(oldest -> assertThat(oldest.json()).contains("\"snapshot-id\":5,"));
  }

  /** A commit report whose JSON is exactly {@code bytes} long. */
  private static String commitReport(int bytes) {
    String head =
        "{\"report-type\":\"commit-report\",\"table-name\":\"reported\",\"snapshot-id\":1,"
            + "\"sequence-number\":1,\"operation\":\"append\",\"metrics\":{},"
            + "\"metadata\":{\"pad\":\"";
    String tail = "\"}}";
    return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
  }

  private RawHttp.Reply post(String path, String body) throws IOException {
    return RawHttp.send(server.port(), "POST", prefix + path, Map.of("Content-Type", JSON), body);
  }

  private static void expect(RawHttp.Reply reply, int status) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(status);
  }
}
