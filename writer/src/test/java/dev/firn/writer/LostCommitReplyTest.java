package dev.firn.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.TestCatalogServers;
import dev.firn.testing.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The reply to a batch's commit is lost between the writer and the catalog: whatever the writer
 * concludes, it deletes no file the table references, and running the batch again lands it once.
 */
class LostCommitReplyTest extends WriterTestBase {
  private static final int BATCHES = 10;

  @Test
  void lostCommitRepliesNeverCostFilesOrDuplicateABatch() throws IOException {
    TableIdentifier id = raw("lossy");
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, "{\"batch\": -1}\n");
    writer.ingest(id).files(List.of(seed.toString())).createIfMissing(true).commit();

    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port());
        RESTCatalog viaProxy = proxiedClient(proxy);
        TableWriter lossy = new TableWriter(viaProxy)) {
      int unknown = 0;
      for (int b = 0; b < BATCHES; b++) {
        Path file = dir.resolve("b" + b + ".json");
        Files.writeString(file, "{\"batch\": " + b + "}\n{\"batch\": " + b + "}\n");
        // Both the commit and the client's own retry of it lose their replies.
        proxy.loseRepliesAfter("POST /v1/", "add-snapshot", 2);
        try {
          lossy.ingest(id).files(List.of(file.toString())).commit();
        } catch (CommitStateUnknownException e) {
          unknown++;
        }
        // The catalog applied the first attempt: a re-run finds it.
        IngestResult rerun = writer.ingest(id).files(List.of(file.toString())).commit();
        assertThat(rerun.alreadyCommitted()).isTrue();
      }
      assertThat(proxy.lostReplies()).isEqualTo(2 * BATCHES);
      // The writer looked at the history after each lost reply and found its commit there.
      assertThat(unknown).isZero();
    }

    Table table = catalog.loadTable(id);
    assertThat(rows(table, "batch")).hasSize(1 + 2 * BATCHES);
    assertEveryDataFileExists(table);
  }

  private RESTCatalog proxiedClient(FaultProxy proxy) {
    Map<String, String> properties = new HashMap<>(TestCatalogServers.signIn(server));
    properties.put("uri", "http://127.0.0.1:" + proxy.port());
    properties.put("warehouse", server.config().warehouseName());
    properties.put("rest.client.max-retries", "1");
    RESTCatalog client = new RESTCatalog();
    client.initialize("lossy", properties);
    return client;
  }

  private void assertEveryDataFileExists(Table table) {
    int checked = 0;
    try (S3Client objects = s3.client()) {
      for (Snapshot snapshot : table.snapshots()) {
        for (DataFile file : snapshot.addedDataFiles(table.io())) {
          URI uri = URI.create(file.location());
          objects.headObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(1 + BATCHES);
  }
}
