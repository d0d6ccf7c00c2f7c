package dev.firn.catalog.commits;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many clients committing at once through Iceberg's {@code RESTCatalog}: every acknowledged commit
 * lands exactly once, and competing changes on one base get one success and clean conflicts.
 */
@ExtendWith(S3EndpointExtension.class)
abstract class CommitSafetyTests {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()), required(2, "writer", Types.IntegerType.get()));

  /** Clients retry conflicts patiently, as writers under contention are configured to. */
  static final Map<String, String> CONTENDED_TABLE =
      Map.of(
          TableProperties.COMMIT_NUM_RETRIES, "1000",
          TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "5",
          TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "200",
          TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "600000",
          // Keeps the in-memory test store small: old metadata files go as new ones land.
          TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
          TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "10");

  private CatalogServer server;
  private final List<RESTCatalog> clients = new ArrayList<>();

  protected abstract Database database() throws Exception;

  @BeforeEach
  void start(S3Endpoint s3) throws Exception {
    server = TestCatalogServers.start(s3, database());
  }

  @AfterEach
  void stop() throws Exception {
    for (RESTCatalog client : clients) {
      client.close();
    }
    server.close();
  }

  private RESTCatalog client() {
    RESTCatalog client = TestCatalogServers.client(server, Map.of());
    synchronized (clients) {
      clients.add(client);
    }
    return client;
  }

  @Test
  void eightWritersAppendingFiftyTimesToOneTableLandFourHundredCommits() throws Exception {
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "contended");
    client().buildTable(id, SCHEMA).withProperties(CONTENDED_TABLE).create();

    AtomicInteger acknowledged = new AtomicInteger();
    runConcurrently(
        8,
        writer -> {
          Table table = client().loadTable(id);
          for (int i = 0; i < 50; i++) {
            TableRows.append(table, rows(writer, i));
            acknowledged.incrementAndGet();
          }
          return null;
        });

    Table table = client().loadTable(id);
    assertThat(acknowledged).hasValue(400);
    assertThat(table.snapshots()).hasSize(400);
    assertThat(ids(TableRows.read(table))).hasSize(800).doesNotHaveDuplicates();
  }

  @Test
  void sixteenWritersOverThirtyTwoTablesLandEveryCommitOnce() throws Exception {
    List<TableIdentifier> ids = new ArrayList<>();
    RESTCatalog setup = client();
    for (int t = 0; t < 32; t++) {
      TableIdentifier id = TableIdentifier.of(Namespace.of("cleaned"), "t" + t);
      setup.buildTable(id, SCHEMA).withProperties(CONTENDED_TABLE).create();
      ids.add(id);
    }

    Map<TableIdentifier, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
    ids.forEach(id -> acknowledged.put(id, new AtomicInteger()));
    runConcurrently(
        16,
        writer -> {
          RESTCatalog client = client();
          Random random = new Random(writer);
          for (int i = 0; i < 10; i++) {
            TableIdentifier id = ids.get(random.nextInt(ids.size()));
            TableRows.append(client.loadTable(id), rows(writer, i));
            acknowledged.get(id).incrementAndGet();
          }
          return null;
        });

    int total = 0;
    for (TableIdentifier id : ids) {
      Table table = setup.loadTable(id);
      int expected = acknowledged.get(id).get();
      total += expected;
      assertThat(table.snapshots()).as("%s", id).hasSize(expected);
      assertThat(ids(TableRows.read(table)))
          .as("%s", id)
          .hasSize(2 * expected)
          .doesNotHaveDuplicates();
    }
    assertThat(total).isEqualTo(160);
  }

  @Test
  void competingSchemaChangesOnOneBaseGetOneSuccessAndConflicts() throws Exception {
    TableIdentifier id = TableIdentifier.of(Namespace.of("curated"), "evolving");
    Table table = client().createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    int baseSchema = table.schema().schemaId();
    int lastColumn = table.schema().highestFieldId();

    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    RESTSerializers.registerAll(json);
    String uri =
        server.uri()
            + "/v1/"
            + server.config().warehouseName()
            + "/namespaces/curated/tables/evolving";
    HttpClient http = HttpClient.newHttpClient();
    CountDownLatch start = new CountDownLatch(1);
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    runConcurrently(
        8,
        writer -> {
          Schema evolved =
              new Schema(
                  baseSchema + 1,
                  Types.StructType.of(
                          required(1, "id", Types.LongType.get()),
                          required(2, "writer", Types.IntegerType.get()),
                          Types.NestedField.optional(
                              lastColumn + 1, "added_by_" + writer, Types.StringType.get()))
                      .fields());
          UpdateTableRequest request =
              UpdateTableRequest.create(
                  id,
                  List.of(
                      new UpdateRequirement.AssertCurrentSchemaID(baseSchema),
                      new UpdateRequirement.AssertLastAssignedFieldId(lastColumn)),
                  List.of(
                      new MetadataUpdate.AddSchema(evolved),
                      new MetadataUpdate.SetCurrentSchema(-1)));
          String body = json.writeValueAsString(request);
          start.await();
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(uri))
                      .header("Authorization", TestCatalogServers.bearer(server))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .header("Content-Type", "application/json")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          statuses
              .computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
              .incrementAndGet();
          return null;
        },
        start);

    assertThat(statuses.keySet()).containsExactlyInAnyOrder(200, 409);
    assertThat(statuses.get(200)).hasValue(1);
    assertThat(statuses.get(409)).hasValue(7);
    Table evolved = client().loadTable(id);
    assertThat(evolved.schemas()).hasSize(2);
    assertThat(evolved.schema().columns()).hasSize(3);
  }

  static List<Record> rows(int writer, int commit) {
    List<Record> rows = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", writer * 1_000_000L + commit * 10L + k);
      row.setField("writer", writer);
      rows.add(row);
    }
    return rows;
  }

  static List<Long> ids(List<Record> rows) {
    return rows.stream().map(r -> (Long) r.getField("id")).toList();
  }

  /** A task of one concurrent worker, given its number. */
  interface Worker {
    Object run(int worker) throws Exception;
  }

  static void runConcurrently(int workers, Worker work) throws Exception {
    runConcurrently(workers, work, null);
  }

  static void runConcurrently(int workers, Worker work, CountDownLatch gate) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        Callable<Object> task = () -> work.run(worker);
        results.add(pool.submit(task));
      }
      if (gate != null) {
        gate.countDown();
      }
      for (Future<Object> result : results) {
        result.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
