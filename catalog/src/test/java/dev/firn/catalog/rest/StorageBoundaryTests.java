package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Hostile names and locations cannot cross the storage boundary: each gets the expected 4xx, none a
 * 5xx, and afterwards the bucket holds exactly what it held before, all of it in the warehouse.
 */
@ExtendWith(S3EndpointExtension.class)
abstract class StorageBoundaryTests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  /** The database for the test's server. */
  protected abstract Database database() throws Exception;

  @Test
  void hostileRequestsGet4xxAndWriteNothing(S3Endpoint s3) throws Exception {
    String bucket = "boundary-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client objects = s3.client()) {
      objects.createBucket(b -> b.bucket(bucket));
      Set<String> bucketsBefore = buckets(objects);
      String warehouse = "s3://" + bucket + "/warehouse";
      try (CatalogServer server = TestCatalogServers.start(s3, database(), bucket, warehouse);
          RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
        client.createNamespace(Namespace.of("raw", "sales"));
        String orders =
            client.createTable(TableIdentifier.of("raw", "sales", "orders"), SCHEMA).location();
        String ordersMetadata =
            ((org.apache.iceberg.HasTableOperations)
                    client.loadTable(TableIdentifier.of("raw", "sales", "orders")))
                .operations()
                .current()
                .metadataFileLocation();
        Set<String> keysBefore = keys(objects, bucket);

        String base = server.uri() + "/v1/" + server.config().warehouseName();
        List<Hostile> requests = hostileRequests(warehouse, bucket, orders, ordersMetadata);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(40);
        List<String> failures = new ArrayList<>();
        for (Hostile request : requests) {
          HttpResponse<String> response = send(base, request);
          boolean asExpected =
              response.statusCode() == request.status()
                  && JSON.readTree(response.body()).path("error").path("code").asInt()
                      == request.status();
          if (!asExpected) {
            failures.add(request.what() + " -> " + response.statusCode() + " " + response.body());
          }
        }
        assertThat(failures).isEmpty();

        assertThat(keys(objects, bucket)).isEqualTo(keysBefore);
        assertThat(keysBefore).allMatch(key -> key.startsWith("warehouse/raw/sales/orders-"));
        assertThat(buckets(objects)).isEqualTo(bucketsBefore);
        assertThat(client.listTables(Namespace.of("raw", "sales")))
            .containsExactly(TableIdentifier.of("raw", "sales", "orders"));
      }
    }
  }

  private static List<Hostile> hostileRequests(
      String warehouse, String bucket, String orders, String ordersMetadata) throws Exception {
    List<Hostile> out = new ArrayList<>();
    // Names
    for (String bad :
        List.of(
            "..",
            ".",
            "",
            "a/b",
            "a\\b",
            "../escape",
            "a\u0000b",
            "a\u001fb",
            "a\u202eb",
            "a\u200bb",
            "\ufeffa",
            "a\u2028b",
            "x".repeat(300))) {
      out.add(
          post("namespace " + printable(bad), "/namespaces", namespace(List.of("raw", bad)), 400));
    }
    // A lone surrogate cannot travel as UTF-8; it arrives as a JSON escape.
    out.add(
        post(
            "namespace with a lone surrogate",
            "/namespaces",
            "{\"namespace\":[\"raw\",\"a\\ud800\"]}",
            400));
    List<String> deep = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      deep.add("level" + i);
    }
    out.add(post("namespace 17 levels deep", "/namespaces", namespace(deep), 400));
    for (String bad : List.of("..", "a/../../b", "line\nbreak", "rtl\u202eeman", "y".repeat(300))) {
      out.add(
          post(
              "table " + printable(bad),
              "/namespaces/raw%1Fsales/tables",
              table(bad, null, Map.of(), false),
              400));
    }

    // Table locations
    Map<String, String> locations =
        Map.ofEntries(
            Map.entry("location in another bucket", "s3://other-" + bucket + "/t"),
            Map.entry("location in another zone", warehouse + "/curated/t"),
            Map.entry("location at the zone root", warehouse + "/raw"),
            Map.entry("location at the warehouse root", warehouse),
            Map.entry("location climbing out", warehouse + "/raw/../../escape"),
            Map.entry("location with an empty segment", warehouse + "/raw//t"),
            Map.entry("location on the local disk", "file:///tmp/escape"),
            Map.entry("location over an HTTP URL", "http://169.254.169.254/latest"),
            Map.entry("location equal to another table's", orders),
            Map.entry("location inside another table", orders + "/inner"),
            Map.entry("location around another table", warehouse + "/raw/sales"),
            Map.entry(
                "location equal to another table's as s3a", orders.replace("s3://", "s3a://")));
    for (Map.Entry<String, String> location : locations.entrySet()) {
      out.add(
          post(
              location.getKey(),
              "/namespaces/raw%1Fsales/tables",
              table("t_" + out.size(), location.getValue(), Map.of(), false),
              400));
    }
    for (String property :
        List.of("write.data.path", "write.metadata.path", "write.object-storage.path")) {
      out.add(
          post(
              property + " outside the table",
              "/namespaces/raw%1Fsales/tables",
              table(
                  "t_" + out.size(), null, Map.of(property, "s3://other-" + bucket + "/x"), false),
              400));
    }
    out.add(
        post(
            "staged table outside the warehouse",
            "/namespaces/raw%1Fsales/tables",
            table("staged", "s3://other-" + bucket + "/staged", Map.of(), true),
            400));
    out.add(
        post(
            "staged table writing data elsewhere",
            "/namespaces/raw%1Fsales/tables",
            table("staged", null, Map.of("write.data.path", warehouse + "/curated/x"), true),
            400));

    // Commits that move a table or its paths
    String ordersPath = "/namespaces/raw%1Fsales/tables/orders";
    out.add(
        post(
            "commit moving the table out",
            ordersPath,
            update(setLocation("s3://other-" + bucket + "/o")),
            400));
    out.add(
        post(
            "commit moving into another zone",
            ordersPath,
            update(setLocation(warehouse + "/curated/o")),
            400));
    out.add(
        post(
            "commit writing metadata elsewhere",
            ordersPath,
            update(setProperties("write.metadata.path", "s3://other-" + bucket + "/m")),
            400));
    out.add(
        post(
            "commit writing data elsewhere",
            ordersPath,
            update(setProperties("write.data.path", warehouse + "/raw/sales/other")),
            400));

    // Register
    for (String metadata :
        List.of(
            "file:///etc/passwd",
            "http://169.254.169.254/latest/meta-data",
            "s3://other-" + bucket + "/metadata/v1.metadata.json",
            warehouse + "/../escape/v1.metadata.json")) {
      out.add(
          post(
              "register from " + metadata,
              "/namespaces/raw%1Fsales/register",
              register("r", metadata),
              400));
    }
    out.add(
        post(
            "register another table's metadata",
            "/namespaces/raw%1Fsales/register",
            register("copy", ordersMetadata),
            400));

    // Views, namespaces, renames, transactions, sizes
    out.add(
        post(
            "view outside the warehouse",
            "/namespaces/raw%1Fsales/views",
            view("v1", "s3://other-" + bucket + "/v"),
            400));
    out.add(
        post(
            "view over a table",
            "/namespaces/raw%1Fsales/views",
            view("v2", orders + "/view"),
            400));
    out.add(
        post(
            "namespace location elsewhere",
            "/namespaces",
            "{\"namespace\":[\"raw\",\"placed\"],\"properties\":{\"location\":\"s3://other-"
                + bucket
                + "/ns\"}}",
            400));
    out.add(
        post(
            "namespace location moved elsewhere",
            "/namespaces/raw%1Fsales/properties",
            "{\"updates\":{\"location\":\"file:///tmp\"}}",
            400));
    out.add(
        post(
            "rename to a slashed name",
            "/tables/rename",
            "{\"source\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\"orders\"},"
                + "\"destination\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\"../orders\"}}",
            400));
    out.add(
        post(
            "transaction moving a table out",
            "/transactions/commit",
            "{\"table-changes\":["
                + update(
                    TableIdentifier.of("raw", "sales", "orders"),
                    setLocation("s3://other-" + bucket + "/t"))
                + "]}",
            400));
    out.add(
        post(
            "oversized body",
            "/namespaces",
            "{\"namespace\":[\"raw\",\"" + "z".repeat(17 << 20) + "\"]}",
            413));
    out.add(post("deeply nested JSON", "/namespaces", "[".repeat(2000) + "]".repeat(2000), 400));
    return out;
  }

  private record Hostile(String what, String method, String path, String body, int status) {}

  private static Hostile post(String what, String path, String body, int status) {
    return new Hostile(what, "POST", path, body, status);
  }

  private static String namespace(List<String> levels) throws Exception {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode array = node.putArray("namespace");
    levels.forEach(array::add);
    return JSON.writeValueAsString(node);
  }

  private static String table(
      String name, String location, Map<String, String> properties, boolean stage)
      throws Exception {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", name);
    if (location != null) {
      node.put("location", location);
    }
    node.set("schema", JSON.readTree(SchemaParser.toJson(SCHEMA)));
    ObjectNode props = node.putObject("properties");
    properties.forEach(props::put);
    if (stage) {
      node.put("stage-create", true);
    }
    return JSON.writeValueAsString(node);
  }

  private static String setLocation(String location) {
    return "{\"action\":\"set-location\",\"location\":\"" + location + "\"}";
  }

  private static String setProperties(String key, String value) {
    return "{\"action\":\"set-properties\",\"updates\":{\"" + key + "\":\"" + value + "\"}}";
  }

  private static String update(String action) {
    return "{\"requirements\":[],\"updates\":[" + action + "]}";
  }

  private static String update(TableIdentifier id, String action) {
    return "{\"identifier\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\""
        + id.name()
        + "\"},\"requirements\":[],\"updates\":["
        + action
        + "]}";
  }

  private static String register(String name, String metadata) {
    return "{\"name\":\"" + name + "\",\"metadata-location\":\"" + metadata + "\"}";
  }

  private static String view(String name, String location) throws Exception {
    return "{\"name\":\""
        + name
        + "\",\"location\":\""
        + location
        + "\",\"schema\":"
        + SchemaParser.toJson(SCHEMA)
        + ",\"view-version\":{\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}],"
        + "\"default-namespace\":[\"raw\",\"sales\"]},\"properties\":{}}";
  }

  private static String printable(String name) {
    String shown =
        name.chars()
            .mapToObj(
                c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c))
            .collect(Collectors.joining());
    return shown.length() > 40 ? shown.substring(0, 40) + "..." : "'" + shown + "'";
  }

  private HttpResponse<String> send(String base, Hostile request) throws Exception {
    try {
      return sendOnce(base, request);
    } catch (java.io.IOException e) {
      // Under heavy load the JDK client has been seen to read an empty answer on a fresh
      // connection; one more try tells that apart from a server that never answers.
      return sendOnce(base, request);
    }
  }

  private static HttpResponse<String> sendOnce(String base, Hostile request) throws Exception {
    // A client of its own per request: a connection the server closed after answering the last
    // hostile request must not be reused for the next one.
    HttpClient http = HttpClient.newHttpClient();
    return http.send(
        HttpRequest.newBuilder(URI.create(base + request.path()))
            .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> keys(S3Client objects, String bucket) {
    return objects.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> buckets(S3Client objects) {
    return objects.listBuckets().buckets().stream()
        .map(Bucket::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
