package dev.firn.catalog.rest;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.store.ReportStore;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the REST service does beyond Iceberg's suites: config, paging, metrics reports. */
@ExtendWith(S3EndpointExtension.class)
class RestServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  private final HttpClient http = HttpClient.newHttpClient();
  private CatalogServer server;
  private RESTCatalog client;

  @BeforeEach
  void start(S3Endpoint s3, @TempDir Path dir) {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    client = TestCatalogServers.client(server, Map.of("rest-page-size", "7"));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void handsClientsThePrefixTheEndpointsAndTheStorageSettings() throws Exception {
    JsonNode config = get(server.uri() + "/v1/config");
    assertThat(config.path("overrides").path("prefix").asText())
        .isEqualTo(server.config().warehouseName());
    assertThat(config.path("defaults").path("s3.endpoint").asText()).startsWith("http://");
    assertThat(config.path("defaults").path("s3.path-style-access").asText()).isEqualTo("true");
    List<String> endpoints = new ArrayList<>();
    config.path("endpoints").forEach(e -> endpoints.add(e.asText()));
    assertThat(endpoints)
        .contains(
            "POST /v1/{prefix}/namespaces/{namespace}/register",
            "POST /v1/{prefix}/tables/rename",
            "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics",
            "GET /v1/{prefix}/namespaces/{namespace}/views",
            "POST /v1/{prefix}/views/rename",
            "POST /v1/{prefix}/namespaces/{namespace}/register-view");

    JsonNode byLocation =
        get(server.uri() + "/v1/config?warehouse=" + server.catalog().warehouse() + "/");
    assertThat(byLocation.path("overrides").path("prefix").asText())
        .isEqualTo(server.config().warehouseName());
  }

  @Test
  void pagesTableListingsByName() throws Exception {
    Namespace namespace = Namespace.of("raw", "many");
    client.createNamespace(namespace);
    List<TableIdentifier> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      TableIdentifier id = TableIdentifier.of(namespace, String.format("t%02d", i));
      client.createTable(id, SCHEMA);
      created.add(id);
    }

    String base =
        server.uri() + "/v1/" + server.config().warehouseName() + "/namespaces/raw%1Fmany/tables";
    List<String> names = new ArrayList<>();
    int pages = 0;
    String token = null;
    do {
      JsonNode page = get(base + "?pageSize=10" + (token == null ? "" : "&pageToken=" + token));
      page.path("identifiers").forEach(id -> names.add(id.path("name").asText()));
      token = page.path("next-page-token").isNull() ? null : page.path("next-page-token").asText();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(names).hasSize(25).isSorted().doesNotHaveDuplicates();

    // Iceberg's client follows the tokens itself.
    assertThat(client.listTables(namespace)).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void recordsTheScanAndCommitReportsClientsSend() throws Exception {
    TableIdentifier id = TableIdentifier.of("raw", "reported");
    Table table = client.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    DataFile file =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath(table.location() + "/data/a.parquet")
            .withFileSizeInBytes(100)
            .withRecordCount(3)
            .build();
    table.newAppend().appendFile(file).commit();
    try (CloseableIterable<?> tasks = table.newScan().planFiles()) {
      assertThat(tasks).hasSize(1);
    }

    // Iceberg's client posts reports from a background executor: wait for both to arrive.
    List<ReportStore.Report> reports = server.metricsReports(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (reports.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      reports = server.metricsReports(id);
    }
    assertThat(reports)
        .extracting(ReportStore.Report::type)
        .contains("commit-report", "scan-report");
    ReportStore.Report scan =
        reports.stream().filter(r -> r.type().equals("scan-report")).findFirst().orElseThrow();
    assertThat(JSON.readTree(scan.json()).path("table-name").asText()).endsWith("raw.reported");
  }

  @Test
  void keepsCommittingToATableRenamedIntoAnotherZone() {
    TableIdentifier raw = TableIdentifier.of("raw", "promoted");
    TableIdentifier curated = TableIdentifier.of("curated", "promoted");
    String location = client.createTable(raw, SCHEMA).location();
    client.renameTable(raw, curated);

    // The files stay where they were written; the table keeps taking commits in its new zone.
    Table table = client.loadTable(curated);
    assertThat(table.location()).isEqualTo(location).contains("/raw/");
    table.updateProperties().set("promoted", "yes").commit();
    assertThat(client.loadTable(curated).properties()).containsEntry("promoted", "yes");

    // A location set from now on must lie in the table's new zone.
    assertThatThrownBy(
            () ->
                table
                    .updateLocation()
                    .setLocation(location.replace("promoted-", "moved-"))
                    .commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/curated/");
    String inZone = location.replace("/raw/", "/curated/");
    client.loadTable(curated).updateLocation().setLocation(inZone).commit();
    assertThat(client.loadTable(curated).location()).isEqualTo(inZone);
  }

  private JsonNode get(String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", TestCatalogServers.bearer(server))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
