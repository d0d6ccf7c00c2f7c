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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
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
  private static final String TABLE = "/namespaces/raw%1Fh/tables/t";
  private static final String NEW_TABLE = "/namespaces/raw%1Fh/tables/n";
  private static final String VIEWS = "/namespaces/raw%1Fh/views";
  private static final String VIEW = VIEWS + "/v";
  private static final String SQL = "{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}";

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
    expect(post("/namespaces/raw%1Fh/tables", createTable("t", "")), 200);
    expect(post(VIEWS, createView("v", version(1, 0, "[" + SQL + "]"))), 200);
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
            Map.of(
                "Content-Type",
                JSON,
                "Content-Length",
                String.valueOf(limit + 1),
                "Authorization",
                TestCatalogServers.bearer(server)),
            null);
    expect(declared, 413);
    assertThat(declared.error().path("message").asText()).contains(String.valueOf(limit));
    String over = commitReport(limit + 1);
    RawHttp.Reply chunked =
        RawHttp.send(
            server.port(),
            "POST",
            prefix + path,
            Map.of(
                "Content-Type",
                JSON,
                "Transfer-Encoding",
                "chunked",
                "Authorization",
                TestCatalogServers.bearer(server)),
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

  /** A hostile request and the status it must get. */
  private record Hostile(String what, String path, String body, int status) {}

  /**
   * Bodies Iceberg's parsers accept but its metadata builders refuse, or that a catalog must not
   * apply, on every route that takes metadata. Before these were checked, several got a 500 and two
   * changed a table's UUID.
   */
  private static List<Hostile> hostileBodies() {
    return List.of(
        new Hostile(
            "table without fields",
            "/namespaces/raw%1Fh/tables",
            "{\"name\":\"c1\",\"schema\":{\"type\":\"struct\"}}",
            400),
        new Hostile(
            "spec on a missing column",
            "/namespaces/raw%1Fh/tables",
            createTable(
                "c2",
                ",\"partition-spec\":{\"spec-id\":0,\"fields\":[{\"name\":\"p\",\"transform\":\"identity\",\"source-id\":9,\"field-id\":1000}]}"),
            400),
        new Hostile(
            "sort order on a missing column",
            "/namespaces/raw%1Fh/tables",
            createTable(
                "c3",
                ",\"write-order\":{\"order-id\":1,\"fields\":[{\"transform\":\"identity\",\"source-id\":9,\"direction\":\"asc\",\"null-order\":\"nulls-first\"}]}"),
            400),
        new Hostile(
            "format version 99",
            "/namespaces/raw%1Fh/tables",
            createTable("c4", ",\"properties\":{\"format-version\":\"99\"}"),
            400),
        new Hostile(
            "format version not a number",
            "/namespaces/raw%1Fh/tables",
            createTable("c5", ",\"properties\":{\"format-version\":\"abc\"}"),
            400),
        new Hostile(
            "duplicate field ids",
            "/namespaces/raw%1Fh/tables",
            "{\"name\":\"c6\",\"schema\":{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"long\"},{\"id\":1,\"name\":\"b\",\"required\":true,\"type\":\"long\"}]}}",
            400),
        new Hostile(
            "identifier field that does not exist",
            "/namespaces/raw%1Fh/tables",
            "{\"name\":\"c7\",\"schema\":{\"type\":\"struct\",\"identifier-field-ids\":[5],\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"long\"}]}}",
            400),
        new Hostile(
            "year transform of a long",
            "/namespaces/raw%1Fh/tables",
            createTable(
                "c8",
                ",\"partition-spec\":{\"spec-id\":0,\"fields\":[{\"name\":\"p\",\"transform\":\"year\",\"source-id\":1,\"field-id\":1000}]}"),
            400),
        new Hostile(
            "add-schema without fields",
            TABLE,
            update("{\"action\":\"add-schema\",\"schema\":{\"type\":\"struct\"}}"),
            400),
        new Hostile(
            "add-schema without a schema", TABLE, update("{\"action\":\"add-schema\"}"), 400),
        new Hostile(
            "add-schema of a type v2 lacks",
            TABLE,
            update(
                "{\"action\":\"add-schema\",\"schema\":{\"type\":\"struct\",\"schema-id\":4,\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"timestamp_ns\"}]}}",
                "{\"action\":\"set-current-schema\",\"schema-id\":-1}"),
            400),
        new Hostile(
            "current schema that does not exist",
            TABLE,
            update("{\"action\":\"set-current-schema\",\"schema-id\":42}"),
            400),
        new Hostile(
            "last added schema when none was",
            TABLE,
            update("{\"action\":\"set-current-schema\",\"schema-id\":-1}"),
            400),
        new Hostile(
            "spec on a missing column",
            TABLE,
            update(
                "{\"action\":\"add-spec\",\"spec\":{\"spec-id\":1,\"fields\":[{\"name\":\"p\",\"transform\":\"identity\",\"source-id\":9,\"field-id\":1000}]}}"),
            400),
        new Hostile(
            "default spec that does not exist",
            TABLE,
            update("{\"action\":\"set-default-spec\",\"spec-id\":42}"),
            400),
        new Hostile(
            "sort order on a missing column",
            TABLE,
            update(
                "{\"action\":\"add-sort-order\",\"sort-order\":{\"order-id\":1,\"fields\":[{\"transform\":\"identity\",\"source-id\":9,\"direction\":\"asc\",\"null-order\":\"nulls-first\"}]}}"),
            400),
        new Hostile(
            "default sort order that does not exist",
            TABLE,
            update("{\"action\":\"set-default-sort-order\",\"sort-order-id\":42}"),
            400),
        new Hostile(
            "branch to a missing snapshot",
            TABLE,
            update(
                "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"main\",\"type\":\"branch\",\"snapshot-id\":42}"),
            400),
        new Hostile(
            "tag of a missing snapshot",
            TABLE,
            update(
                "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"b\",\"type\":\"tag\",\"snapshot-id\":42}"),
            400),
        new Hostile(
            "negative ref age",
            TABLE,
            update(
                "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"b\",\"type\":\"branch\",\"snapshot-id\":42,\"max-ref-age-ms\":-1}"),
            400),
        // More ids than the table has snapshots trips a precondition inside Iceberg's builder.
        new Hostile(
            "removing missing snapshots",
            TABLE,
            update("{\"action\":\"remove-snapshots\",\"snapshot-ids\":[42,43]}"),
            400),
        new Hostile(
            "format version downgrade",
            TABLE,
            update("{\"action\":\"upgrade-format-version\",\"format-version\":1}"),
            400),
        new Hostile(
            "format version 99",
            TABLE,
            update("{\"action\":\"upgrade-format-version\",\"format-version\":99}"),
            400),
        new Hostile(
            "another UUID",
            TABLE,
            update(
                "{\"action\":\"assign-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}"),
            400),
        new Hostile(
            "a UUID that is none",
            TABLE,
            update("{\"action\":\"assign-uuid\",\"uuid\":\"not-a-uuid\"}"),
            400),
        new Hostile(
            "empty location",
            TABLE,
            update("{\"action\":\"set-location\",\"location\":\"\"}"),
            400),
        new Hostile(
            "removing the current schema",
            TABLE,
            update("{\"action\":\"remove-schemas\",\"schema-ids\":[0]}"),
            400),
        new Hostile(
            "removing the default spec",
            TABLE,
            update("{\"action\":\"remove-partition-specs\",\"spec-ids\":[0]}"),
            400),
        new Hostile("unknown update", TABLE, update("{\"action\":\"enable-row-lineage\"}"), 400),
        new Hostile(
            "requirement without its field",
            TABLE,
            "{\"requirements\":[{\"type\":\"assert-current-schema-id\"}],\"updates\":[]}",
            400),
        new Hostile(
            "view version on a table",
            TABLE,
            update(
                "{\"action\":\"add-view-version\",\"view-version\":"
                    + version(2, 0, "[" + SQL + "]")
                    + "}"),
            406),
        new Hostile("creation without updates", NEW_TABLE, create(), 400),
        new Hostile(
            "creation without a schema",
            NEW_TABLE,
            create(
                "{\"action\":\"assign-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000001\"}"),
            400),
        new Hostile(
            "creation with a missing default spec",
            NEW_TABLE,
            create(
                "{\"action\":\"add-schema\",\"schema\":" + SCHEMA + "}",
                "{\"action\":\"set-current-schema\",\"schema-id\":-1}",
                "{\"action\":\"set-default-spec\",\"spec-id\":42}"),
            400),
        new Hostile(
            "creation with a missing sort order",
            NEW_TABLE,
            create(
                "{\"action\":\"add-schema\",\"schema\":" + SCHEMA + "}",
                "{\"action\":\"set-current-schema\",\"schema-id\":-1}",
                "{\"action\":\"set-default-sort-order\",\"sort-order-id\":9}"),
            400),
        new Hostile(
            "view without representations", VIEWS, createView("w1", version(1, 0, "[]")), 400),
        new Hostile(
            "view of an unknown representation",
            VIEWS,
            createView("w2", version(1, 0, "[{\"type\":\"weird\"}]")),
            400),
        new Hostile(
            "view with one dialect twice",
            VIEWS,
            createView(
                "w3", version(1, 0, "[" + SQL + "," + SQL.replace("select 1", "select 2") + "]")),
            400),
        new Hostile(
            "view version without a schema id",
            VIEWS,
            createView("w4", version(1, 0, "[" + SQL + "]").replace("\"schema-id\":0,", "")),
            400),
        new Hostile(
            "view without a version",
            VIEWS,
            "{\"name\":\"w5\",\"schema\":" + SCHEMA + ",\"properties\":{}}",
            400),
        new Hostile(
            "view version without representations",
            VIEW,
            update(
                "{\"action\":\"add-view-version\",\"view-version\":" + version(2, 0, "[]") + "}"),
            400),
        new Hostile(
            "view version of an unknown representation",
            VIEW,
            update(
                "{\"action\":\"add-view-version\",\"view-version\":"
                    + version(2, 0, "[{\"type\":\"weird\"}]")
                    + "}"),
            400),
        new Hostile(
            "view version of a missing schema",
            VIEW,
            update(
                "{\"action\":\"add-view-version\",\"view-version\":"
                    + version(2, 9, "[" + SQL + "]")
                    + "}"),
            400),
        new Hostile(
            "current view version that does not exist",
            VIEW,
            update("{\"action\":\"set-current-view-version\",\"view-version-id\":42}"),
            400),
        new Hostile(
            "view format version 9",
            VIEW,
            update("{\"action\":\"upgrade-format-version\",\"format-version\":9}"),
            400),
        new Hostile(
            "another view UUID",
            VIEW,
            update(
                "{\"action\":\"assign-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}"),
            400),
        new Hostile(
            "spec on a view",
            VIEW,
            update("{\"action\":\"add-spec\",\"spec\":{\"spec-id\":1,\"fields\":[]}}"),
            406),
        new Hostile(
            "transaction changing a UUID",
            "/transactions/commit",
            transaction(
                "{\"action\":\"assign-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}"),
            400),
        new Hostile(
            "transaction with a missing default spec",
            "/transactions/commit",
            transaction("{\"action\":\"set-default-spec\",\"spec-id\":42}"),
            400),
        new Hostile(
            "transaction with a downgrade",
            "/transactions/commit",
            transaction("{\"action\":\"upgrade-format-version\",\"format-version\":1}"),
            400),
        new Hostile(
            "transaction of nothing", "/transactions/commit", "{\"table-changes\":[]}", 400));
  }

  @Test
  void answersMetadataTheBuildersRefuseWith4xxAndWritesNothing() throws IOException {
    String tableBefore =
        server.catalog().tableMetadataLocation(TableIdentifier.of("raw", "h", "t")).orElseThrow();
    String viewBefore = get(VIEW).json().path("metadata-location").asText();
    List<Hostile> requests = hostileBodies();
    assertThat(requests).hasSize(51);
    List<String> failures = new ArrayList<>();
    for (Hostile request : requests) {
      RawHttp.Reply reply = post(request.path(), request.body());
      if (reply.status() != request.status()
          || reply.error().path("code").asInt() != request.status()
          || reply.body().contains("\tat ")) {
        failures.add(request.what() + " -> " + reply.status() + " " + reply.body());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(server.catalog().tableMetadataLocation(TableIdentifier.of("raw", "h", "t")))
        .hasValue(tableBefore);
    assertThat(get(VIEW).json().path("metadata-location").asText()).isEqualTo(viewBefore);
    assertThat(server.catalog().tableExists(TableIdentifier.of("raw", "h", "n"))).isFalse();
    assertThat(server.catalog().listViews(Namespace.of("raw", "h")))
        .containsExactly(TableIdentifier.of("raw", "h", "v"));
  }

  private static String createTable(String name, String more) {
    return "{\"name\":\"" + name + "\",\"schema\":" + SCHEMA + more + "}";
  }

  private static String update(String... updates) {
    return "{\"requirements\":[],\"updates\":[" + String.join(",", updates) + "]}";
  }

  private static String create(String... updates) {
    return "{\"requirements\":[{\"type\":\"assert-create\"}],\"updates\":["
        + String.join(",", updates)
        + "]}";
  }

  private static String transaction(String update) {
    return "{\"table-changes\":[{\"identifier\":{\"namespace\":[\"raw\",\"h\"],\"name\":\"t\"},"
        + "\"requirements\":[],\"updates\":["
        + update
        + "]}]}";
  }

  private static String version(int id, int schemaId, String representations) {
    return "{\"version-id\":"
        + id
        + ",\"timestamp-ms\":1,\"schema-id\":"
        + schemaId
        + ",\"summary\":{},\"representations\":"
        + representations
        + ",\"default-namespace\":[\"raw\"]}";
  }

  private static String createView(String name, String version) {
    return "{\"name\":\""
        + name
        + "\",\"schema\":"
        + SCHEMA
        + ",\"view-version\":"
        + version
        + ",\"properties\":{}}";
  }

  private RawHttp.Reply get(String path) throws IOException {
    return RawHttp.send(
        server.port(),
        "GET",
        prefix + path,
        Map.of("Authorization", TestCatalogServers.bearer(server)),
        null);
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
    return RawHttp.send(
        server.port(),
        "POST",
        prefix + path,
        Map.of("Content-Type", JSON, "Authorization", TestCatalogServers.bearer(server)),
        body);
  }

  private static void expect(RawHttp.Reply reply, int status) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(status);
  }
}
