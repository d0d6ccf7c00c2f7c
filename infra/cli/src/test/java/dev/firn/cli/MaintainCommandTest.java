package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import dev.firn.testing.TableRows;
import dev.firn.writer.TableWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code firn maintain} against {@code firn serve}'s embedded stack. */
class MaintainCommandTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));
  private static final String MIN_SMALL_FILES = "firn.maintenance.compaction.min-small-files";

  @TempDir static Path dataDir;
  static ServeStack stack;
  static RESTCatalog client;

  @BeforeAll
  static void start() {
    stack = CommandRuns.startEmbedded(dataDir.resolve("firn"));
    client = CommandRuns.client(stack);
    compactTwoSmallFiles(Namespace.of("raw"));
    client.createNamespace(Namespace.of("raw", "sales"));
    load("raw.clicks", 3);
    load("raw.sales.orders", 3);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    stack.close();
  }

  /** The namespace policy that makes two small files worth compacting (the default is more). */
  static void compactTwoSmallFiles(Namespace namespace) {
    // A mutable map: Iceberg's request builder asks it whether it holds a null key.
    client.setProperties(namespace, new HashMap<>(Map.of(MIN_SMALL_FILES, "2")));
  }

  static Run firn(String... args) {
    return CommandRuns.firn(stack, args);
  }

  /** Loads a table with one small data file per commit, as a stream of small batches would. */
  static void load(String table, int files) {
    try (TableWriter writer = new TableWriter(client)) {
      for (int file = 0; file < files; file++) {
        List<Record> rows = new ArrayList<>();
        for (int row = 0; row < 10; row++) {
          Record record = GenericRecord.create(SCHEMA);
          record.setField("id", (long) file * 10 + row);
          record.setField("name", "n" + row);
          rows.add(record);
        }
        writer
            .ingest(TableIdentifier.parse(table))
            .records(SCHEMA, rows)
            .createIfMissing(true)
            .commit();
      }
    }
  }

  static Table table(String name) {
    return client.loadTable(TableIdentifier.parse(name));
  }

  static int dataFiles(Table table) throws IOException {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      int count = 0;
      for (FileScanTask ignored : tasks) {
        count++;
      }
      return count;
    }
  }

  /**
   * {@code firn maintain} compacts a table while four writers append to it five times a second: the
   * compaction's commits, which race the appends, land (the catalog puts a rewrite that lost only
   * to appends on the new head), and every row is there once.
   */
  @Test
  void compactsATableWhileFourWritersAppendFiveTimesASecond() throws Exception {
    Namespace namespace = Namespace.of("raw", "steady");
    client.createNamespace(namespace);
    compactTwoSmallFiles(namespace);
    TableIdentifier id = TableIdentifier.of(namespace, "events");
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    Table created = client.createTable(id, schema);
    for (long row = 0; row < 20; row++) {
      TableRows.append(created, TableRows.numbered(schema, row, row + 1));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong next = new AtomicLong(1000);
    Queue<Long> appended = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new ArrayList<>();
    List<RESTCatalog> clients = new ArrayList<>();
    Run run;
    try {
      for (int w = 0; w < 4; w++) {
        RESTCatalog own = CommandRuns.client(stack);
        clients.add(own);
        writers.add(
            pool.submit(
                () -> {
                  Table table = own.loadTable(id);
                  while (!stop.get()) {
                    long row = next.getAndIncrement();
                    TableRows.append(table, TableRows.numbered(schema, row, row + 1));
                    appended.add(row);
                    Thread.sleep(200);
                  }
                  return null;
                }));
      }
      while (appended.size() < 8) {
        Thread.sleep(20);
      }
      run = firn("maintain", id.toString(), "--job", "compaction", "--no-progress");
    } finally {
      stop.set(true);
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
      for (RESTCatalog own : clients) {
        own.close();
      }
    }
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .containsPattern("raw\\.steady\\.events +compaction +ok .*files rewritten")
        .doesNotContain("Failed:");
    List<Long> expected = new ArrayList<>();
    for (long row = 0; row < 20; row++) {
      expected.add(row);
    }
    expected.addAll(appended);
    assertThat(TableRows.longs(TableRows.read(client.loadTable(id)), "id"))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void compactsEveryTableOfAZoneAfterADryRunThatChangesNothing() throws IOException {
    long clicksSnapshot = table("raw.clicks").currentSnapshot().snapshotId();
    long ordersSnapshot = table("raw.sales.orders").currentSnapshot().snapshotId();

    Run dry = firn("maintain", "raw", "--job", "compaction", "--dry-run", "--no-progress");

    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .startsWith("Dry run: nothing was changed.")
        .contains("raw.sales.orders compaction:\n    group ")
        .contains("raw.clicks compaction:\n    group ")
        .containsPattern("raw\\.clicks +compaction +ok +\\d+ ms +would rewrite 3 files")
        .containsPattern("raw\\.sales\\.orders +compaction +ok +\\d+ ms +would rewrite 3 files")
        .contains("Total: 2 tables, 2 jobs, 0 failed");
    assertThat(table("raw.clicks").currentSnapshot().snapshotId()).isEqualTo(clicksSnapshot);
    assertThat(table("raw.sales.orders").currentSnapshot().snapshotId()).isEqualTo(ordersSnapshot);
    assertThat(dataFiles(table("raw.sales.orders"))).isEqualTo(3);

    Run run = firn("maintain", "raw", "--job", "compaction");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("raw\\.clicks +compaction +ok .*3 files rewritten \\(.*\\) into 1")
        .containsPattern("raw\\.sales\\.orders +compaction +ok .*3 files rewritten \\(.*\\) into 1")
        .containsPattern("Total: 2 tables, 2 jobs, 0 failed, .*: 6 files rewritten")
        .doesNotContain("Failed:");
    // Not on a terminal: a line per finished job instead of a live line.
    assertThat(run.err())
        .contains("[1/2] raw.clicks compaction: ok, 3 files rewritten")
        .contains("[2/2] raw.sales.orders compaction: ok, 3 files rewritten");
    for (String name : List.of("raw.clicks", "raw.sales.orders")) {
      Table table = table(name);
      assertThat(dataFiles(table)).as(name).isEqualTo(1);
      assertThat(TableRows.read(table)).as(name).hasSize(30);
    }
  }

  @Test
  void orphanRemovalKeepsAFreshUnreferencedFile() throws IOException {
    Table table = table("raw.sales.orders");
    String orphan = table.location() + "/data/planted-orphan.parquet";
    try (OutputStream stream = table.io().newOutputFile(orphan).createOrOverwrite()) {
      stream.write("not referenced by any snapshot".getBytes(StandardCharsets.UTF_8));
    }

    Run run = firn("maintain", "raw.sales.orders", "--job", "orphans", "--no-progress");

    // The file could belong to a write that has not committed yet: the minimum age (24 h at
    // least) protects it, so nothing is removed.
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("raw\\.sales\\.orders +orphans +ok .*0 orphans removed")
        .contains("Total: 1 table, 1 job, 0 failed");
    assertThat(table.io().newInputFile(orphan).exists()).isTrue();
  }

  @Test
  void aJobFailureIsSummarizedAndExitsWithOne() throws IOException {
    client.createNamespace(Namespace.of("curated", "damaged"));
    compactTwoSmallFiles(Namespace.of("curated", "damaged"));
    load("curated.damaged.events", 2);
    Table table = table("curated.damaged.events");
    // Data files removed from storage behind the table's back: the rewrite cannot read them.
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> table.io().deleteFile(task.file().location()));
    }

    Run run = firn("maintain", "curated.damaged", "--job", "expiry,compaction", "--no-progress");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern("curated\\.damaged\\.events +compaction +FAILED .*1 group failed")
        .containsPattern("curated\\.damaged\\.events +expiry +ok")
        .contains("Total: 1 table, 2 jobs, 1 failed")
        .contains(
            "Failed:\n  curated.damaged.events compaction: IllegalStateException: 1 of 1 file"
                + " groups failed")
        .contains(": rewrite failed: ");
    // Compaction runs before expiry, whatever order they were asked in.
    assertThat(run.out().indexOf("events  compaction"))
        .isLessThan(run.out().indexOf("events  expiry"));
  }

  @Test
  void anUnknownTargetExitsWithTwoAndNoStackTrace() {
    Run table = firn("maintain", "raw.sales.nope");
    assertThat(table.exit()).isEqualTo(2);
    assertThat(table.err())
        .isEqualTo("firn: No table or namespace named raw.sales.nope\n")
        .doesNotContain("\tat ");

    Run zone = firn("maintain", "nowhere");
    assertThat(zone.exit()).isEqualTo(2);
    assertThat(zone.err()).isEqualTo("firn: No table or namespace named nowhere\n");
  }

  @Test
  void anUnknownJobExitsWithTwoNamingTheKnownOnes() {
    long snapshot = table("raw.clicks").currentSnapshot().snapshotId();

    Run run = firn("maintain", "raw", "--job", "compaction,vacuum");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "firn: Unknown maintenance job: vacuum (known: compaction, expiry, orphans,"
                + " manifests, metadata)\n");
    assertThat(run.out()).isEmpty();
    assertThat(table("raw.clicks").currentSnapshot().snapshotId()).isEqualTo(snapshot);
  }

  @Test
  void aParallelismBelowOneExitsWithTwo() {
    Run run = firn("maintain", "raw", "--parallelism", "0");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("firn: Invalid parallelism: 0 (must be >= 1)\n");
  }

  @Test
  void aNamespaceWithoutTablesHasNothingToDo() {
    client.createNamespace(Namespace.of("cleaned", "empty"));

    Run run = firn("maintain", "cleaned.empty");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("No tables under cleaned.empty.\n");
  }
}
