package dev.firn.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;

/** Batches land once, however often they are run and however many writers race. */
class IdempotentLoadTest extends WriterTestBase {
  @Test
  void rerunningABatchThreeTimesLeavesOneCopy() throws IOException {
    Path file = dir.resolve("orders.json");
    Files.writeString(file, "{\"id\": 1, \"v\": \"a\"}\n{\"id\": 2, \"v\": \"b\"}\n");

    List<IngestResult> results = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      results.add(
          writer
              .ingest(raw("orders"))
              .files(List.of(file.toString()))
              .createIfMissing(true)
              .commit());
    }

    Table table = catalog.loadTable(raw("orders"));
    assertThat(rows(table, "id")).hasSize(2);
    assertThat(table.snapshots()).hasSize(1);
    assertThat(results)
        .extracting(result -> result.batch().id())
        .containsOnly(results.get(0).batch().id());
    assertThat(results)
        .extracting(IngestResult::alreadyCommitted)
        .containsExactly(false, true, true);
    assertThat(results)
        .extracting(IngestResult::snapshotId)
        .containsOnly(table.currentSnapshot().snapshotId());
  }

  @Test
  void theSameContentUnderAnotherNameIsTheSameBatchButOtherContentIsNot() throws IOException {
    Path first = dir.resolve("a.json");
    Path copy = dir.resolve("b.json");
    Path other = dir.resolve("c.json");
    Files.writeString(first, "{\"id\": 1}\n");
    Files.writeString(copy, "{\"id\": 1}\n");
    Files.writeString(other, "{\"id\": 2}\n");

    IngestResult a =
        writer.ingest(raw("t")).files(List.of(first.toString())).createIfMissing(true).commit();
    IngestResult b = writer.ingest(raw("t")).files(List.of(copy.toString())).commit();
    IngestResult c = writer.ingest(raw("t")).files(List.of(other.toString())).commit();

    assertThat(b.alreadyCommitted()).isTrue();
    assertThat(b.batch().id()).isEqualTo(a.batch().id());
    assertThat(c.alreadyCommitted()).isFalse();
    assertThat(rows(catalog.loadTable(raw("t")), "id")).hasSize(2);
  }

  @Test
  void aGivenBatchIdIsStampedAndHonoured() throws IOException {
    Path file = dir.resolve("x.json");
    Files.writeString(file, "{\"id\": 1}\n");
    writer
        .ingest(raw("t"))
        .files(List.of(file.toString()))
        .batchId("day-2026-11-21")
        .createIfMissing(true)
        .commit();
    Files.writeString(file, "{\"id\": 1}\n{\"id\": 2}\n");
    IngestResult again =
        writer.ingest(raw("t")).files(List.of(file.toString())).batchId("day-2026-11-21").commit();

    assertThat(again.alreadyCommitted()).isTrue();
    Table table = catalog.loadTable(raw("t"));
    assertThat(table.currentSnapshot().summary()).containsEntry("firn.batch-id", "day-2026-11-21");
    assertThat(rows(table, "id")).hasSize(1);
  }

  @Test
  void fourConcurrentWritersOfTwentyFiveBatchesAllLand() throws Exception {
    TableIdentifier id = raw("contended");
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, "{\"writer\": -1, \"batch\": -1}\n");
    writer.ingest(id).files(List.of(seed.toString())).createIfMissing(true).commit();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writerId = w;
      futures.add(
          pool.submit(
              () -> {
                try (RESTCatalog client = newClient();
                    TableWriter own = new TableWriter(client)) {
                  int landed = 0;
                  for (int b = 0; b < 25; b++) {
                    Path file = dir.resolve("w" + writerId + "-b" + b + ".json");
                    Files.writeString(
                        file,
                        "{\"writer\": "
                            + writerId
                            + ", \"batch\": "
                            + b
                            + "}\n"
                            + "{\"writer\": "
                            + writerId
                            + ", \"batch\": "
                            + b
                            + "}\n");
                    IngestResult result = own.ingest(id).files(List.of(file.toString())).commit();
                    landed += result.alreadyCommitted() ? 0 : 1;
                  }
                  return landed;
                }
              }));
    }
    int landed = 0;
    for (Future<Integer> future : futures) {
      landed += future.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    Table table = catalog.loadTable(id);
    assertThat(landed).isEqualTo(100);
    assertThat(rows(table, "writer")).hasSize(1 + 200);
    List<String> batches = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      batches.add(snapshot.summary().get(TableWriter.BATCH_ID));
    }
    assertThat(batches).hasSize(101).doesNotHaveDuplicates();
  }
}
