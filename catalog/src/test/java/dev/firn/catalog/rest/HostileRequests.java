package dev.firn.catalog.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;

/**
 * Requests an attacker with nothing but HTTP access sends to make Firn write, read or later delete
 * files that are not a table's own: hostile names and locations, and every field through which a
 * path enters a table (manifest lists, inline manifests, statistics, partition statistics,
 * set-location, manifests an append's list names when the catalog rebases it, transactions,
 * register with crafted metadata uploaded to the warehouse), each aimed at another table's files,
 * another zone, another bucket, an object outside every table, a climb out of the table and a key
 * cut short; snapshot times the server would not stamp; characters locations may not hold. Each has
 * the status it must get and, where the refusal must come from one rule, a part of its message.
 */
public final class HostileRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "/namespaces/raw%1Fsales";

  /**
   * One hostile request.
   *
   * @param what what it tries
   * @param method the HTTP method
   * @param path the path below the warehouse prefix
   * @param body the JSON body
   * @param status the status it must get
   * @param message a part of the error message it must get, or null
   */
  public record Hostile(
      String what, String method, String path, String body, int status, String message) {}

  private final HostileScene scene;
  private final List<Hostile> out = new ArrayList<>();
  private final TableMetadata orders;
  private final TableMetadata legacy;
  private final long now = System.currentTimeMillis();

  private HostileRequests(HostileScene scene) {
    this.scene = scene;
    this.orders = scene.current(scene.orders);
    this.legacy = scene.current(scene.legacy);
  }

  /**
   * Every hostile request against the scene. Files some of them need (crafted manifest lists and
   * metadata files) are uploaded now, before the caller lists the buckets.
   */
  public static List<Hostile> all(HostileScene scene) throws Exception {
    HostileRequests requests = new HostileRequests(scene);
    requests.names();
    requests.locations();
    requests.register();
    requests.views();
    requests.sizes();
    requests.manifestLists();
    requests.inlineManifests();
    requests.statistics();
    requests.setLocation();
    requests.rebasedAppends();
    requests.transactions();
    requests.registerCrafted();
    requests.snapshotTimes();
    requests.characters();
    return List.copyOf(requests.out);
  }

  /**
   * The hostile requests' shapes with the table's own paths and the server's time, each of which
   * must succeed (any 2xx): they show that the hostile ones fail for the path or time alone. They
   * change the tables; send them after the hostile ones.
   */
  public static List<Hostile> controls(HostileScene scene) throws Exception {
    HostileRequests requests = new HostileRequests(scene);
    requests.ownPaths();
    return requests.out.stream()
        .map(r -> new Hostile(r.what(), r.method(), r.path(), r.body(), 200, null))
        .toList();
  }

  private void ownPaths() throws Exception {
    Snapshot head = orders.currentSnapshot();
    String own = scene.ordersLocation + "/metadata/";
    post(
        "own statistics file",
        NS + "/tables/orders",
        update(setStatistics(head.snapshotId(), own + "s.puffin")),
        null);
    post(
        "own partition statistics file",
        NS + "/tables/orders",
        update(setPartitionStatistics(head.snapshotId(), own + "p.parquet")),
        null);
    long branch = newId();
    post(
        "own manifest list on a new branch, stamped now",
        NS + "/tables/orders",
        update(
            List.of(),
            List.of(
                addSnapshot(
                    branch,
                    head.snapshotId(),
                    orders.lastSequenceNumber() + 1,
                    now,
                    head.manifestListLocation()),
                setRef("audit", branch))),
        null);
    post(
        "transaction creating a table with its own snapshot",
        "/transactions/commit",
        transaction(createChange("born_own", null)),
        null);
    crafted("registered metadata with nothing foreign", metadata -> {}, null);
    long id = newId();
    post(
        "rebased append adding its own manifest",
        NS + "/tables/orders",
        staleAppend(id, scene.staleAppendList(id, own + "new-manifest.avro")),
        null);
  }

  /** Sends one request on a fresh connection and returns the answer. */
  public static HttpResponse<String> send(HostileScene scene, Hostile request) throws Exception {
    try {
      return sendOnce(scene, request);
    } catch (java.io.IOException e) {
      // Under heavy load the JDK client has been seen to read an empty answer on a fresh
      // connection; one more try tells that apart from a server that never answers.
      return sendOnce(scene, request);
    }
  }

  /** Why the answer is not the one the request must get, or null when it is. */
  public static String mismatch(Hostile request, HttpResponse<String> response) throws Exception {
    if (request.status() == 200) {
      return response.statusCode() / 100 == 2
          ? null
          : request.what() + " -> " + response.statusCode() + " " + response.body();
    }
    JsonNode error = JSON.readTree(response.body()).path("error");
    boolean asExpected =
        response.statusCode() == request.status()
            && error.path("code").asInt() == request.status()
            && (request.message() == null
                || error.path("message").asText().contains(request.message()));
    return asExpected
        ? null
        : request.what() + " -> " + response.statusCode() + " " + response.body();
  }

  private static HttpResponse<String> sendOnce(HostileScene scene, Hostile request)
      throws Exception {
    // A client of its own per request: a connection the server closed after answering the last
    // hostile request must not be reused for the next one.
    HttpClient http = HttpClient.newHttpClient();
    return http.send(
        HttpRequest.newBuilder(URI.create(scene.base() + request.path()))
            .header("Authorization", scene.authorization())
            .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // Where hostile paths point

  /** The four places every path-bearing field is aimed at, plus a climb out and a cut key. */
  private Map<String, String> targets(String victimFile) {
    Map<String, String> targets = new LinkedHashMap<>();
    targets.put("another table's file", victimFile);
    targets.put("another zone", scene.warehouse + "/curated/sales/planted.avro");
    targets.put("another bucket", "s3://" + scene.otherBucket + "/warehouse/raw/sales/stolen.bin");
    targets.put("an object outside every table", scene.looseObject);
    targets.put("a climb out of the table", climb(victimFile));
    targets.put("a key cut short by '?'", scene.ordersLocation + "?/metadata/snap.avro");
    return targets;
  }

  /** The same victim file, reached from inside {@code orders} by climbing out with {@code ..}. */
  private String climb(String victimFile) {
    String relative = victimFile.substring(scene.warehouse.length() + 1);
    return scene.ordersLocation + "/metadata/../../../../" + relative;
  }

  private Map<String, String> fourTargets(String victimFile) {
    Map<String, String> four = new LinkedHashMap<>();
    targets(victimFile).entrySet().stream()
        .limit(4)
        .forEach(target -> four.put(target.getKey(), target.getValue()));
    return four;
  }

  // Names, locations, register, views and sizes

  private void names() throws Exception {
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
      post("namespace " + printable(bad), "/namespaces", namespace(List.of("raw", bad)), null);
    }
    // A lone surrogate cannot travel as UTF-8; it arrives as a JSON escape.
    post(
        "namespace with a lone surrogate",
        "/namespaces",
        "{\"namespace\":[\"raw\",\"a\\ud800\"]}",
        null);
    List<String> deep = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      deep.add("level" + i);
    }
    post("namespace 17 levels deep", "/namespaces", namespace(deep), null);
    for (String bad : List.of("..", "a/../../b", "line\nbreak", "rtl\u202eeman", "y".repeat(300))) {
      post("table " + printable(bad), NS + "/tables", table(bad, null, Map.of(), false), null);
    }
  }

  private void locations() throws Exception {
    String warehouse = scene.warehouse;
    String other = "s3://" + scene.otherBucket;
    Map<String, String> locations = new LinkedHashMap<>();
    locations.put("location in another bucket", other + "/t");
    locations.put("location in another zone", warehouse + "/curated/t");
    locations.put("location at the zone root", warehouse + "/raw");
    locations.put("location at the warehouse root", warehouse);
    locations.put("location climbing out", warehouse + "/raw/../../escape");
    locations.put("location with an empty segment", warehouse + "/raw//t");
    locations.put("location on the local disk", "file:///tmp/escape");
    locations.put("location over an HTTP URL", "http://169.254.169.254/latest");
    locations.put("location equal to another table's", scene.ordersLocation);
    locations.put("location inside another table", scene.ordersLocation + "/inner");
    locations.put("location around another table", warehouse + "/raw/sales");
    locations.put(
        "location equal to another table's as s3a",
        scene.ordersLocation.replace("s3://", "s3a://"));
    locations.put(
        "location in another table's metadata folder", scene.customersLocation + "/metadata");
    for (Map.Entry<String, String> location : locations.entrySet()) {
      post(
          location.getKey(),
          NS + "/tables",
          table("t_" + out.size(), location.getValue(), Map.of(), false),
          null);
    }
    for (String property :
        List.of("write.data.path", "write.metadata.path", "write.object-storage.path")) {
      post(
          property + " outside the table",
          NS + "/tables",
          table("t_" + out.size(), null, Map.of(property, other + "/x"), false),
          null);
    }
    post(
        "staged table outside the warehouse",
        NS + "/tables",
        table("staged", other + "/staged", Map.of(), true),
        null);
    post(
        "staged table writing data elsewhere",
        NS + "/tables",
        table("staged", null, Map.of("write.data.path", warehouse + "/curated/x"), true),
        null);
    String orders = NS + "/tables/orders";
    post("commit moving the table out", orders, update(setLocation(other + "/o")), null);
    post(
        "commit moving into another zone",
        orders,
        update(setLocation(warehouse + "/curated/o")),
        null);
    post(
        "commit writing metadata elsewhere",
        orders,
        update(setProperties("write.metadata.path", other + "/m")),
        null);
    post(
        "commit writing data elsewhere",
        orders,
        update(setProperties("write.data.path", warehouse + "/raw/sales/other")),
        null);
  }

  private void register() {
    for (String metadata :
        List.of(
            "file:///etc/passwd",
            "http://169.254.169.254/latest/meta-data",
            "s3://" + scene.otherBucket + "/metadata/v1.metadata.json",
            scene.warehouse + "/../escape/v1.metadata.json")) {
      post("register from " + metadata, NS + "/register", register("r", metadata), null);
    }
    post(
        "register another table's metadata",
        NS + "/register",
        register("copy", orders.metadataFileLocation()),
        null);
  }

  private void views() throws Exception {
    post(
        "view outside the warehouse",
        NS + "/views",
        view("v1", "s3://" + scene.otherBucket + "/v"),
        null);
    post("view over a table", NS + "/views", view("v2", scene.ordersLocation + "/view"), null);
    post(
        "namespace location elsewhere",
        "/namespaces",
        "{\"namespace\":[\"raw\",\"placed\"],\"properties\":{\"location\":\"s3://"
            + scene.otherBucket
            + "/ns\"}}",
        null);
    post(
        "namespace location moved elsewhere",
        NS + "/properties",
        "{\"updates\":{\"location\":\"file:///tmp\"}}",
        null);
    post(
        "rename to a slashed name",
        "/tables/rename",
        "{\"source\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\"orders\"},"
            + "\"destination\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\"../orders\"}}",
        null);
    post(
        "transaction moving a table out",
        "/transactions/commit",
        transaction(change("orders", List.of(), List.of(setLocation("s3://other/t")))),
        null);
  }

  private void sizes() {
    out.add(
        new Hostile(
            "oversized body",
            "POST",
            "/namespaces",
            "{\"namespace\":[\"raw\",\"" + "z".repeat(17 << 20) + "\"]}",
            413,
            null));
    post("deeply nested JSON", "/namespaces", "[".repeat(2000) + "]".repeat(2000), null);
  }

  // Paths inside the metadata a request carries

  private void manifestLists() {
    Snapshot head = orders.currentSnapshot();
    long sequence = orders.lastSequenceNumber() + 1;
    Map<String, String> targets = targets(scene.customersManifestList);
    targets.put("a file on the server's disk", "file:///etc/passwd");
    for (Map.Entry<String, String> target : targets.entrySet()) {
      long id = newId();
      post(
          "manifest-list at " + target.getKey(),
          NS + "/tables/orders",
          update(
              List.of(assertRef("main", head.snapshotId())),
              List.of(
                  addSnapshot(id, head.snapshotId(), sequence, now, target.getValue()),
                  setRef("main", id))),
          "manifest-list of add-snapshot");
    }
    for (Map.Entry<String, String> target :
        List.of(
            Map.entry("another table's file", scene.customersManifestList),
            Map.entry("another bucket", "s3://" + scene.otherBucket + "/snap.avro"))) {
      long id = newId();
      post(
          "manifest-list of a new branch at " + target.getKey(),
          NS + "/tables/orders",
          update(
              List.of(),
              List.of(
                  addSnapshot(id, head.snapshotId(), sequence, now, target.getValue()),
                  setRef("audit", id))),
          "manifest-list of add-snapshot");
    }
    // An id the table holds is no pass: a commit may remove a snapshot and add another under it.
    Snapshot first = orders.snapshot(head.parentId());
    String removeFirst =
        "{\"action\":\"remove-snapshots\",\"snapshot-ids\":[" + first.snapshotId() + "]}";
    post(
        "snapshot swapped under an id the table holds, listing another table's manifests",
        NS + "/tables/orders",
        update(
            List.of(),
            List.of(
                removeFirst,
                addSnapshot(
                    first.snapshotId(),
                    null,
                    orders.lastSequenceNumber(),
                    first.timestampMillis(),
                    scene.customersManifestList))),
        "manifest-list of add-snapshot");
    post(
        "snapshot swapped under an id the table holds, stamped 1970",
        NS + "/tables/orders",
        update(
            List.of(),
            List.of(
                removeFirst,
                addSnapshot(
                    first.snapshotId(),
                    null,
                    orders.lastSequenceNumber(),
                    0L,
                    first.manifestListLocation()))),
        "timestamp-ms");
    post(
        "manifest-list of a snapshot no branch holds",
        NS + "/tables/orders",
        update(
            List.of(),
            List.of(addSnapshot(newId(), null, sequence, now, scene.customersManifestList))),
        "manifest-list of add-snapshot");
  }

  private void inlineManifests() {
    Snapshot head = orders.currentSnapshot();
    String own = head.allManifests(scene.server().catalog().io()).get(0).path();
    for (String manifest : List.of(own, scene.customersManifest)) {
      long id = newId();
      post(
          "inline manifests on format version 2 ("
              + (manifest.equals(own) ? "own" : "foreign")
              + ")",
          NS + "/tables/orders",
          update(
              List.of(assertRef("main", head.snapshotId())),
              List.of(
                  inlineSnapshot(id, head.snapshotId(), orders.lastSequenceNumber() + 1, manifest),
                  setRef("main", id))),
          "inline");
    }
    Snapshot legacyHead = legacy.currentSnapshot();
    for (Map.Entry<String, String> target : targets(scene.customersManifest).entrySet()) {
      long id = newId();
      post(
          "inline manifest of a format version 1 table at " + target.getKey(),
          NS + "/tables/legacy",
          update(
              List.of(assertRef("main", legacyHead.snapshotId())),
              List.of(
                  inlineSnapshot(id, legacyHead.snapshotId(), 0, target.getValue()),
                  setRef("main", id))),
          "manifests of add-snapshot");
    }
  }

  private void statistics() {
    long head = orders.currentSnapshot().snapshotId();
    for (Map.Entry<String, String> target : targets(scene.customersMetadata).entrySet()) {
      post(
          "statistics file at " + target.getKey(),
          NS + "/tables/orders",
          update(setStatistics(head, target.getValue())),
          "statistics-path of set-statistics");
      post(
          "partition statistics file at " + target.getKey(),
          NS + "/tables/orders",
          update(setPartitionStatistics(head, target.getValue())),
          "statistics-path of set-partition-statistics");
    }
    post(
        "statistics file in another bucket as s3a",
        NS + "/tables/orders",
        update(setStatistics(head, "s3a://" + scene.otherBucket + "/warehouse/stats.puffin")),
        "statistics-path of set-statistics");
  }

  private void setLocation() {
    Map<String, String> places = new LinkedHashMap<>();
    places.put("another table's location", scene.customersLocation);
    places.put("another zone", scene.warehouse + "/curated/sales/moved");
    places.put("another bucket", "s3://" + scene.otherBucket + "/warehouse/raw/sales/moved");
    places.put("outside every table and the warehouse", "s3://" + scene.bucket + "/outside");
    places.put("a climb out of the zone", scene.warehouse + "/raw/sales/../../curated/sales/x");
    places.put("inside another table", scene.customersLocation + "/data");
    for (Map.Entry<String, String> place : places.entrySet()) {
      post(
          "set-location to " + place.getKey(),
          NS + "/tables/orders",
          update(setLocation(place.getValue())),
          null);
    }
  }

  private void rebasedAppends() {
    // Appends, and rewrites (compaction), built on the old head of orders: the catalog puts them on
    // the new head itself, and reads their manifest list to do so.
    Map<String, String> kinds = Map.of("append", "append", "rewrite", "replace");
    for (Map.Entry<String, String> kind : kinds.entrySet()) {
      for (Map.Entry<String, String> target : targets(scene.customersManifest).entrySet()) {
        long id = newId();
        String list = scene.staleAppendList(id, target.getValue());
        post(
            "rebased " + kind.getKey() + " adding a manifest at " + target.getKey(),
            NS + "/tables/orders",
            staleSnapshot(id, list, kind.getValue()),
            "manifest in the manifest-list of add-snapshot");
      }
      for (String list :
          List.of(
              scene.customersManifestList,
              "s3://" + scene.otherBucket + "/warehouse/raw/sales/list.avro")) {
        long id = newId();
        post(
            "rebased " + kind.getKey() + " whose manifest list is " + list,
            NS + "/tables/orders",
            staleSnapshot(id, list, kind.getValue()),
            "manifest-list of add-snapshot");
      }
    }
  }

  private void transactions() {
    Snapshot head = orders.currentSnapshot();
    long sequence = orders.lastSequenceNumber() + 1;
    for (Map.Entry<String, String> target : fourTargets(scene.customersManifestList).entrySet()) {
      long id = newId();
      post(
          "transaction adding a manifest-list at " + target.getKey(),
          "/transactions/commit",
          transaction(
              change(
                  "orders",
                  List.of(assertRef("main", head.snapshotId())),
                  List.of(
                      addSnapshot(id, head.snapshotId(), sequence, now, target.getValue()),
                      setRef("main", id)))),
          "manifest-list of add-snapshot");
    }
    post(
        "transaction adding a statistics file of another table",
        "/transactions/commit",
        transaction(
            change(
                "orders",
                List.of(),
                List.of(setStatistics(head.snapshotId(), scene.customersMetadata)))),
        "statistics-path of set-statistics");
    long id = newId();
    post(
        "transaction whose second table adds another table's manifest list",
        "/transactions/commit",
        transaction(
            change("legacy", List.of(), List.of(setProperties("owner", "mallory"))),
            change(
                "orders",
                List.of(),
                List.of(
                    addSnapshot(
                        id, head.snapshotId(), sequence, now, scene.customersManifestList)))),
        "manifest-list of add-snapshot");
    for (String list : List.of(scene.customersManifestList, scene.looseObject)) {
      post(
          "transaction creating a table with a snapshot at " + list,
          "/transactions/commit",
          transaction(createChange("born_" + out.size(), list)),
          "manifest-list of add-snapshot");
    }
  }

  private void registerCrafted() throws Exception {
    long head = 1;
    Map<String, String> four = fourTargets(scene.customersManifestList);
    for (Map.Entry<String, String> target : four.entrySet()) {
      crafted(
          "registered metadata with a manifest-list at " + target.getKey(),
          metadata ->
              ((ObjectNode) metadata.path("snapshots").get(0))
                  .put("manifest-list", target.getValue()),
          "manifest-list of add-snapshot");
    }
    for (Map.Entry<String, String> target : fourTargets(scene.customersMetadata).entrySet()) {
      crafted(
          "registered metadata with statistics at " + target.getKey(),
          metadata ->
              metadata
                  .putArray("statistics")
                  .add(JSON.valueToTree(statisticsFile(head, target.getValue()))),
          "statistics-path of set-statistics");
      crafted(
          "registered metadata with a metadata-log entry at " + target.getKey(),
          metadata -> {
            ObjectNode entry = metadata.putArray("metadata-log").addObject();
            entry.put("timestamp-ms", now - 1000);
            entry.put("metadata-file", target.getValue());
          },
          "metadata-log entry");
    }
    for (String path : List.of(scene.customersMetadata, scene.looseObject)) {
      crafted(
          "registered metadata with partition statistics at " + path,
          metadata -> {
            ObjectNode file = metadata.putArray("partition-statistics").addObject();
            file.put("snapshot-id", head);
            file.put("statistics-path", path);
            file.put("file-size-in-bytes", 1);
          },
          "statistics-path of set-partition-statistics");
    }
    crafted(
        "registered metadata stating a location it does not lie in",
        metadata -> metadata.put("location", scene.warehouse + "/raw/sales/elsewhere"),
        "metadata-location of register");
    crafted(
        "registered metadata stating another table's location",
        metadata -> metadata.put("location", scene.customersLocation),
        null);
  }

  private void snapshotTimes() {
    Snapshot head = orders.currentSnapshot();
    long sequence = orders.lastSequenceNumber() + 1;
    String ownList = head.manifestListLocation();
    long day = 24L * 3600 * 1000;
    Map<String, Long> times = new LinkedHashMap<>();
    times.put("of 1970 on a new branch", 0L);
    times.put("of a day ago on a new branch", now - day);
    times.put("of tomorrow on a new branch", now + day);
    for (Map.Entry<String, Long> time : times.entrySet()) {
      long id = newId();
      post(
          "snapshot " + time.getKey(),
          NS + "/tables/orders",
          update(
              List.of(),
              List.of(
                  addSnapshot(id, head.snapshotId(), sequence, time.getValue(), ownList),
                  setRef("late", id))),
          "timestamp-ms");
    }
    post(
        "snapshot of 1970 that no branch holds",
        NS + "/tables/orders",
        update(List.of(), List.of(addSnapshot(newId(), null, sequence, 0L, ownList))),
        "timestamp-ms");
    long id = newId();
    post(
        "snapshot of 1970 on main",
        NS + "/tables/orders",
        update(
            List.of(assertRef("main", head.snapshotId())),
            List.of(addSnapshot(id, head.snapshotId(), sequence, 0L, ownList), setRef("main", id))),
        null);
    post(
        "transaction adding a snapshot of next year",
        "/transactions/commit",
        transaction(
            change(
                "orders",
                List.of(),
                List.of(
                    addSnapshot(newId(), head.snapshotId(), sequence, now + 365 * day, ownList)))),
        "timestamp-ms");
  }

  private void characters() throws Exception {
    String zone = scene.warehouse + "/raw/sales/";
    for (String bad :
        List.of("?", "#", "%41", " ", "\t", "\n", "\u200b", "\u202e", ":", "@", "+", "\u00ad")) {
      post(
          "location holding " + printable(bad),
          NS + "/tables",
          table("c_" + out.size(), zone + "a" + bad + "b", Map.of(), false),
          null);
    }
    for (String bad : List.of("?", "#", "%2F", " ")) {
      post(
          "write.data.path holding " + printable(bad),
          NS + "/tables",
          table(
              "d_" + out.size(),
              null,
              Map.of("write.data.path", scene.ordersLocation + "/data" + bad + "x"),
              false),
          null);
    }
    post(
        "staged table whose write.data.path holds '%'",
        NS + "/tables",
        table(
            "s_" + out.size(),
            null,
            Map.of("write.data.path", scene.ordersLocation + "/d%41"),
            true),
        "is not allowed");
    for (String bad : List.of("?", "#")) {
      post(
          "set-location holding " + printable(bad),
          NS + "/tables/orders",
          update(setLocation(zone + "moved" + bad + "x")),
          null);
    }
    post(
        "set-properties with write.data.path holding a space",
        NS + "/tables/orders",
        update(setProperties("write.data.path", scene.ordersLocation + "/da ta")),
        "is not allowed");
    post(
        "namespace location holding '?'",
        "/namespaces",
        "{\"namespace\":[\"raw\",\"q\"],\"properties\":{\"location\":\""
            + scene.warehouse
            + "/raw/q?x\"}}",
        null);
    post("view location holding '#'", NS + "/views", view("v3", zone + "v#x"), null);
    post(
        "table with a location provider of its own",
        NS + "/tables",
        table(
            "p_" + out.size(),
            null,
            Map.of("write.location-provider.impl", "org.apache.iceberg.LocationProviders"),
            false),
        "write.location-provider.impl");
    post(
        "commit setting a location provider of its own",
        NS + "/tables/orders",
        update(setProperties("write.location-provider.impl", "com.example.Anywhere")),
        "write.location-provider.impl");
  }

  // Crafted metadata files

  private interface Craft {
    void apply(ObjectNode metadata) throws Exception;
  }

  /** Uploads a crafted metadata file, clean but for {@code craft}, and asks to register it. */
  private void crafted(String what, Craft craft, String message) throws Exception {
    String name = "crafted_" + out.size();
    String location = scene.warehouse + "/raw/sales/" + name + "-" + UUID.randomUUID();
    ObjectNode metadata = cleanMetadata(location);
    craft.apply(metadata);
    String file = location + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json";
    scene.upload(file, JSON.writeValueAsString(metadata));
    post(what, NS + "/register", register(name, file), message);
  }

  /**
   * A metadata file at {@code location} that Firn would register: {@code orders}'s schema, one
   * snapshot whose manifest list lies inside the location, nothing else that names a file.
   */
  public ObjectNode cleanMetadata(String location) throws Exception {
    ObjectNode metadata = (ObjectNode) JSON.readTree(TableMetadataParser.toJson(orders));
    metadata.put("location", location);
    metadata.put("table-uuid", UUID.randomUUID().toString());
    metadata.put("last-sequence-number", 1);
    metadata.put("current-snapshot-id", 1);
    ArrayNode snapshots = metadata.putArray("snapshots");
    ObjectNode snapshot = snapshots.addObject();
    snapshot.put("snapshot-id", 1);
    snapshot.put("sequence-number", 1);
    snapshot.put("timestamp-ms", now - 1000);
    snapshot.put("manifest-list", location + "/metadata/snap-1.avro");
    snapshot.putObject("summary").put("operation", "append");
    snapshot.put("schema-id", orders.currentSchemaId());
    ObjectNode main = metadata.putObject("refs").putObject("main");
    main.put("snapshot-id", 1);
    main.put("type", "branch");
    ObjectNode logged = metadata.putArray("snapshot-log").addObject();
    logged.put("timestamp-ms", now - 1000);
    logged.put("snapshot-id", 1);
    metadata.putArray("metadata-log");
    metadata.putArray("statistics");
    metadata.putArray("partition-statistics");
    metadata.put("last-updated-ms", now - 1000);
    return metadata;
  }

  // JSON pieces

  private void post(String what, String path, String body, String message) {
    out.add(new Hostile(what, "POST", path, body, 400, message));
  }

  private long newId() {
    return 1_000_000L + out.size();
  }

  private String staleAppend(long id, String list) {
    return staleSnapshot(id, list, "append");
  }

  private String staleSnapshot(long id, String list, String operation) {
    return update(
        List.of(assertRef("main", scene.ordersStaleHead)),
        List.of(
            addSnapshot(id, scene.ordersStaleHead, scene.ordersStaleSequenceNumber + 1, now, list)
                .replace("\"operation\":\"append\"", "\"operation\":\"" + operation + "\""),
            setRef("main", id)));
  }

  private String createChange(String name, String manifestList) {
    String location = scene.warehouse + "/raw/sales/" + name + "-" + UUID.randomUUID();
    String list = manifestList != null ? manifestList : location + "/metadata/snap-1.avro";
    long id = newId();
    String updates =
        String.join(
            ",",
            "{\"action\":\"assign-uuid\",\"uuid\":\"" + UUID.randomUUID() + "\"}",
            "{\"action\":\"upgrade-format-version\",\"format-version\":2}",
            "{\"action\":\"add-schema\",\"schema\":"
                + SchemaParser.toJson(HostileScene.SCHEMA)
                + ",\"last-column-id\":1}",
            "{\"action\":\"set-current-schema\",\"schema-id\":-1}",
            "{\"action\":\"add-spec\",\"spec\":{\"spec-id\":0,\"fields\":[]}}",
            "{\"action\":\"set-default-spec\",\"spec-id\":-1}",
            "{\"action\":\"add-sort-order\",\"sort-order\":{\"order-id\":0,\"fields\":[]}}",
            "{\"action\":\"set-default-sort-order\",\"sort-order-id\":-1}",
            "{\"action\":\"set-location\",\"location\":\"" + location + "\"}",
            addSnapshot(id, null, 1, now, list),
            setRef("main", id));
    return "{\"identifier\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\""
        + name
        + "\"},\"requirements\":[{\"type\":\"assert-create\"}],\"updates\":["
        + updates
        + "]}";
  }

  private static String addSnapshot(
      long id, Long parent, long sequence, long timestamp, String manifestList) {
    return "{\"action\":\"add-snapshot\",\"snapshot\":{\"snapshot-id\":"
        + id
        + (parent == null ? "" : ",\"parent-snapshot-id\":" + parent)
        + ",\"sequence-number\":"
        + sequence
        + ",\"timestamp-ms\":"
        + timestamp
        + ",\"manifest-list\":"
        + quote(manifestList)
        + ",\"summary\":{\"operation\":\"append\"},\"schema-id\":0}}";
  }

  private String inlineSnapshot(long id, long parent, long sequence, String manifest) {
    return "{\"action\":\"add-snapshot\",\"snapshot\":{\"snapshot-id\":"
        + id
        + ",\"parent-snapshot-id\":"
        + parent
        + (sequence > 0 ? ",\"sequence-number\":" + sequence : "")
        + ",\"timestamp-ms\":"
        + now
        + ",\"manifests\":["
        + quote(manifest)
        + "],\"summary\":{\"operation\":\"append\"},\"schema-id\":0}}";
  }

  private static String setRef(String name, long id) {
    return "{\"action\":\"set-snapshot-ref\",\"ref-name\":\""
        + name
        + "\",\"type\":\"branch\",\"snapshot-id\":"
        + id
        + "}";
  }

  private static String assertRef(String name, long id) {
    return "{\"type\":\"assert-ref-snapshot-id\",\"ref\":\""
        + name
        + "\",\"snapshot-id\":"
        + id
        + "}";
  }

  private static Map<String, Object> statisticsFile(long snapshotId, String path) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("snapshot-id", snapshotId);
    file.put("statistics-path", path);
    file.put("file-size-in-bytes", 1);
    file.put("file-footer-size-in-bytes", 1);
    file.put("blob-metadata", List.of());
    return file;
  }

  private static String setStatistics(long snapshotId, String path) {
    try {
      return "{\"action\":\"set-statistics\",\"snapshot-id\":"
          + snapshotId
          + ",\"statistics\":"
          + JSON.writeValueAsString(statisticsFile(snapshotId, path))
          + "}";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String setPartitionStatistics(long snapshotId, String path) {
    return "{\"action\":\"set-partition-statistics\",\"partition-statistics\":{\"snapshot-id\":"
        + snapshotId
        + ",\"statistics-path\":"
        + quote(path)
        + ",\"file-size-in-bytes\":1}}";
  }

  private static String setLocation(String location) {
    return "{\"action\":\"set-location\",\"location\":" + quote(location) + "}";
  }

  private static String setProperties(String key, String value) {
    return "{\"action\":\"set-properties\",\"updates\":{" + quote(key) + ":" + quote(value) + "}}";
  }

  private static String update(String action) {
    return update(List.of(), List.of(action));
  }

  private static String update(List<String> requirements, List<String> updates) {
    return "{\"requirements\":["
        + String.join(",", requirements)
        + "],\"updates\":["
        + String.join(",", updates)
        + "]}";
  }

  private static String change(String table, List<String> requirements, List<String> updates) {
    return "{\"identifier\":{\"namespace\":[\"raw\",\"sales\"],\"name\":\""
        + table
        + "\"},\"requirements\":["
        + String.join(",", requirements)
        + "],\"updates\":["
        + String.join(",", updates)
        + "]}";
  }

  private static String transaction(String... changes) {
    return "{\"table-changes\":[" + String.join(",", changes) + "]}";
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
    node.set("schema", JSON.readTree(SchemaParser.toJson(HostileScene.SCHEMA)));
    ObjectNode props = node.putObject("properties");
    properties.forEach(props::put);
    if (stage) {
      node.put("stage-create", true);
    }
    return JSON.writeValueAsString(node);
  }

  private static String register(String name, String metadata) {
    return "{\"name\":" + quote(name) + ",\"metadata-location\":" + quote(metadata) + "}";
  }

  private static String view(String name, String location) throws Exception {
    return "{\"name\":\""
        + name
        + "\",\"location\":"
        + quote(location)
        + ",\"schema\":"
        + SchemaParser.toJson(HostileScene.SCHEMA)
        + ",\"view-version\":{\"version-id\":1,\"timestamp-ms\":1,\"schema-id\":0,\"summary\":{},"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"select 1\",\"dialect\":\"spark\"}],"
        + "\"default-namespace\":[\"raw\",\"sales\"]},\"properties\":{}}";
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String printable(String name) {
    String shown =
        name.chars()
            .mapToObj(
                c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c))
            .collect(Collectors.joining());
    return shown.length() > 40 ? shown.substring(0, 40) + "..." : "'" + shown + "'";
  }
}
