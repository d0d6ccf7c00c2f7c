package dev.firn.catalog.commits;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRefType;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compaction commits while four writers append five times a second to the same table. Its rewrite
 * was made on the snapshot the compaction started from and is committed on that stale base, once,
 * after many appends landed: the catalog puts it on the new head (over appends only), whether it
 * comes through the REST catalog, as from {@code firn maintain}, or from inside the server, as from
 * the scheduler. Every row is there once, and the small files are gone.
 */
@ExtendWith(S3EndpointExtension.class)
class RebasedRewriteTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final int WRITERS = 4;
  private static final long APPEND_EVERY_MILLIS = 200;

  @TempDir Path databaseDirectory;

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"the REST catalog", "inside the server"})
  void aCompactionLandsWhileFourWritersAppendFiveTimesASecond(String from, S3Endpoint s3)
      throws Exception {
    boolean inside = from.equals("inside the server");
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw", "steady"), "events");
    try (CatalogServer server = TestCatalogServers.start(s3, Database.sqlite(databaseDirectory));
        RESTCatalog root = TestCatalogServers.client(server, Map.of())) {
      root.createNamespace(id.namespace());
      Table created = root.buildTable(id, SCHEMA).create();
      for (long small = 0; small < 20; small++) {
        TableRows.append(created, TableRows.numbered(SCHEMA, small, small + 1));
      }
      // The compaction, planned and written on the start: its snapshot is made, not committed.
      BaseTable compactor = (BaseTable) server.catalog().loadTable(id);
      TableMetadata start = compactor.operations().current();
      List<DataFile> small = files(compactor);
      List<DataFile> compacted = TableRows.write(compactor, TableRows.read(compactor));
      assertThat(small).hasSize(20);
      RewriteFiles rewrite =
          compactor
              .newRewrite()
              .validateFromSnapshot(start.currentSnapshot().snapshotId())
              .dataSequenceNumber(start.currentSnapshot().sequenceNumber());
      small.forEach(rewrite::deleteFile);
      compacted.forEach(rewrite::addFile);
      Snapshot rewritten = rewrite.apply();

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong nextId = new AtomicLong(1000);
      ConcurrentLinkedQueue<Long> appended = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      List<Future<?>> writers = new ArrayList<>();
      List<RESTCatalog> clients = new ArrayList<>();
      try {
        for (int w = 0; w < WRITERS; w++) {
          RESTCatalog client = TestCatalogServers.client(server, Map.of());
          clients.add(client);
          writers.add(
              pool.submit(
                  () -> {
                    Table table = client.loadTable(id);
                    while (!stop.get()) {
                      long row = nextId.getAndIncrement();
                      TableRows.append(table, TableRows.numbered(SCHEMA, row, row + 1));
                      appended.add(row);
                      Thread.sleep(APPEND_EVERY_MILLIS);
                    }
                    return null;
                  }));
        }
        while (appended.size() < 8) {
          Thread.sleep(20);
        }
        // Committed on the start, which the appends since then left behind.
        if (inside) {
          compactor
              .operations()
              .commit(
                  start,
                  TableMetadata.buildFrom(start).setBranchSnapshot(rewritten, "main").build());
        } else {
          HttpResponse<String> answer = commitOverRest(server, id, start, rewritten);
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        Thread.sleep(1000);
      } finally {
        stop.set(true);
        for (Future<?> writer : writers) {
          writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        for (RESTCatalog client : clients) {
          client.close();
        }
      }

      assertThat(server.metrics().rebasedRewrites()).isEqualTo(1);
      Table table = root.loadTable(id);
      List<Long> expected = new ArrayList<>();
      for (long row = 0; row < 20; row++) {
        expected.add(row);
      }
      expected.addAll(appended);
      assertThat(TableRows.longs(TableRows.read(table), "id"))
          .as("every row once: the 20 compacted, and each appended")
          .containsExactlyInAnyOrderElementsOf(expected);
      Set<String> live = new HashSet<>();
      files(table).forEach(file -> live.add(file.location()));
      small.forEach(file -> assertThat(live).doesNotContain(file.location()));
      compacted.forEach(file -> assertThat(live).contains(file.location()));
      assertThat(live).hasSize(compacted.size() + appended.size());
      long rewrites =
          java.util.stream.StreamSupport.stream(table.snapshots().spliterator(), false)
              .filter(snapshot -> DataOperations.REPLACE.equals(snapshot.operation()))
              .count();
      assertThat(rewrites).isEqualTo(1);
    }
  }

  /**
   * A rewrite goes over appends only: after a delete of one of the files it replaces, it gets its
   * conflict, and the table stays as the delete left it.
   */
  @org.junit.jupiter.api.Test
  void aRewriteIsNotPutOverADeleteOfAFileItReplaces(S3Endpoint s3) throws Exception {
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw", "steady"), "deleted");
    try (CatalogServer server = TestCatalogServers.start(s3, Database.sqlite(databaseDirectory));
        RESTCatalog root = TestCatalogServers.client(server, Map.of())) {
      root.createNamespace(id.namespace());
      Table created = root.buildTable(id, SCHEMA).create();
      for (long row = 0; row < 3; row++) {
        TableRows.append(created, TableRows.numbered(SCHEMA, row, row + 1));
      }
      BaseTable compactor = (BaseTable) server.catalog().loadTable(id);
      TableMetadata start = compactor.operations().current();
      List<DataFile> small = files(compactor);
      RewriteFiles rewrite = compactor.newRewrite();
      small.forEach(rewrite::deleteFile);
      TableRows.write(compactor, TableRows.read(compactor)).forEach(rewrite::addFile);
      Snapshot rewritten = rewrite.apply();

      root.loadTable(id).newDelete().deleteFile(small.get(0)).commit();
      TableMetadata deleted = ((BaseTable) root.loadTable(id)).operations().current();

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  compactor
                      .operations()
                      .commit(
                          start,
                          TableMetadata.buildFrom(start)
                              .setBranchSnapshot(rewritten, "main")
                              .build()))
          .isInstanceOf(org.apache.iceberg.exceptions.CommitFailedException.class);
      assertThat(server.metrics().rebasedRewrites()).isZero();
      assertThat(((BaseTable) root.loadTable(id)).operations().current().metadataFileLocation())
          .isEqualTo(deleted.metadataFileLocation());
      assertThat(TableRows.longs(TableRows.read(root.loadTable(id)), "id")).hasSize(2);
    }
  }

  private static HttpResponse<String> commitOverRest(
      CatalogServer server, TableIdentifier id, TableMetadata start, Snapshot rewritten)
      throws Exception {
    UpdateTableRequest request =
        UpdateTableRequest.create(
            id,
            List.of(
                new UpdateRequirement.AssertRefSnapshotID(
                    "main", start.currentSnapshot().snapshotId())),
            List.of(
                new MetadataUpdate.AddSnapshot(rewritten),
                new MetadataUpdate.SetSnapshotRef(
                    "main", rewritten.snapshotId(), SnapshotRefType.BRANCH, null, null, null)));
    ObjectMapper json = new ObjectMapper();
    RESTSerializers.registerAll(json);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.uri()
                            + "/v1/"
                            + server.config().warehouseName()
                            + "/namespaces/raw%1Fsteady/tables/events"))
                .header("Authorization", TestCatalogServers.bearer(server))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static List<DataFile> files(Table table) throws Exception {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    }
    return files;
  }
}
