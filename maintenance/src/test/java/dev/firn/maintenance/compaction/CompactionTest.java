package dev.firn.maintenance.compaction;

import static dev.firn.maintenance.compaction.CompactionFixture.SCHEMA;
import static dev.firn.maintenance.compaction.CompactionFixture.SPEC;
import static dev.firn.maintenance.compaction.CompactionFixture.appendSmallFiles;
import static dev.firn.maintenance.compaction.CompactionFixture.contents;
import static dev.firn.maintenance.compaction.CompactionFixture.dataFiles;
import static dev.firn.maintenance.compaction.CompactionFixture.deleteFiles;
import static dev.firn.maintenance.compaction.CompactionFixture.positionDeletes;
import static dev.firn.maintenance.compaction.CompactionFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.writer.TableWriter;
import dev.firn.writer.WriteMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Compaction of real tables through a running Firn server on the S3 test endpoint. */
@ExtendWith(S3EndpointExtension.class)
class CompactionTest {
  static final TableIdentifier EVENTS = TableIdentifier.of("raw", "events");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
  static final long TARGET = 96 * 1024;

  private CatalogServer server;
  private RESTCatalog catalog;
  private TableWriter writer;
  private Table table;
  private final RunningCompactions running = new RunningCompactions();

  @BeforeEach
  void start(S3Endpoint s3, @TempDir Path dir) {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    catalog = TestCatalogServers.client(server, Map.of());
    writer = new TableWriter(catalog);
    table =
        catalog
            .buildTable(EVENTS, SCHEMA)
            .withPartitionSpec(SPEC)
            .withProperty(TableProperties.FORMAT_VERSION, "2")
            .withProperty(TableProperties.COMMIT_NUM_RETRIES, "20")
            .create();
  }

  @AfterEach
  void stop() throws Exception {
    writer.close();
    catalog.close();
    server.close();
  }

  @Test
  void aDryRunReportsTheGroupsAndChangesNothing() {
    appendSmallFiles(table, 10, 400);
    long before = table.currentSnapshot().snapshotId();

    JobResult plan = compaction().apply();

    assertThat(plan.succeeded()).isTrue();
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.count(Measure.FILES_REWRITTEN)).isEqualTo(40);
    assertThat(plan.details()).hasSize(4).allMatch(line -> line.contains("10 files"));
    assertThat(plan.details()).anyMatch(line -> line.contains("category=a, 10 files"));
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(dataFiles(table)).hasSize(40);
  }

  @Test
  void twoHundredSmallFilesBecomeFilesNearTheTargetWithEveryRowAndNoAppliedDeletes() {
    appendSmallFiles(table, 50, 800);
    List<DataFile> files = dataFiles(table);
    assertThat(files).hasSize(200);
    // Position deletes against five files, equality deletes across every partition.
    var rowDelta = table.newRowDelta();
    for (DataFile file : files.subList(0, 5)) {
      rowDelta.addDeletes(positionDeletes(table, file, 0, 3, 7));
    }
    rowDelta.commit();
    writer
        .ingest(EVENTS)
        .records(SCHEMA, rows(1_000, 300))
        .mode(WriteMode.DELETE)
        .keys(List.of("id", "category"))
        .commit();
    assertThat(deleteFiles(table)).hasSizeGreaterThanOrEqualTo(9);
    TreeSet<String> before = contents(table);
    assertThat(before).hasSize(40_000 - 15 - 300);

    JobResult result = compaction().commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.GROUPS_COMMITTED)).isEqualTo(4);
    assertThat(result.count(Measure.FILES_REWRITTEN)).isEqualTo(200);
    assertThat(result.count(Measure.DELETE_FILES_REMOVED))
        .as(String.join("\n", result.details()))
        .isEqualTo(9);
    assertThat(contents(table)).isEqualTo(before);
    assertThat(deleteFiles(table)).isEmpty();
    List<DataFile> compacted = dataFiles(table);
    // At most the last file of each partition may fall outside half to one and a half targets.
    assertThat(compacted.size()).isBetween(4, 60);
    assertThat(
            compacted.stream()
                .filter(
                    f -> f.fileSizeInBytes() < TARGET / 2 || f.fileSizeInBytes() > TARGET * 3 / 2)
                .toList())
        .as("sizes %s", compacted.stream().map(DataFile::fileSizeInBytes).toList())
        .hasSizeLessThanOrEqualTo(4);
    assertThat(running.of(table.uuid().toString())).isEmpty();
  }

  @Test
  void aGroupConflictingWithAConcurrentDeleteFailsAloneAndCommitsOnTheNextRun() {
    appendSmallFiles(table, 10, 400);
    DataFile victim =
        dataFiles(table).stream()
            .filter(file -> "category=b".equals(SPEC.partitionToPath(file.partition())))
            .findFirst()
            .orElseThrow();
    DeleteFile concurrentDelete = positionDeletes(table, victim, 1);
    Table other = catalog.loadTable(EVENTS);
    AtomicBoolean committed = new AtomicBoolean();
    CompactionListener deleteWhileWritten =
        new CompactionListener() {
          @Override
          public void written(int group, String partition, long bytes) {
            assertThat(running.of(table.uuid().toString())).hasSize(1);
            if ("category=b".equals(partition) && committed.compareAndSet(false, true)) {
              other.newRowDelta().addDeletes(concurrentDelete).commit();
            }
          }
        };

    JobResult first = compaction().parallelism(1).listener(deleteWhileWritten).commit();

    assertThat(committed).isTrue();
    assertThat(first.succeeded()).isFalse();
    assertThat(first.count(Measure.GROUPS_FAILED)).isEqualTo(1);
    assertThat(first.count(Measure.GROUPS_COMMITTED)).isEqualTo(3);
    assertThat(first.details()).anyMatch(line -> line.contains("commit failed"));
    TreeSet<String> afterDelete = contents(table);
    assertThat(afterDelete).hasSize(4_000 - 1);

    JobResult second = compaction().commit();

    assertThat(second.succeeded()).as(second.summary()).isTrue();
    assertThat(second.count(Measure.GROUPS_COMMITTED)).isEqualTo(1);
    TreeSet<String> now = contents(table);
    TreeSet<String> lost = new TreeSet<>(afterDelete);
    lost.removeAll(now);
    now.removeAll(afterDelete);
    assertThat(lost).as("lost").isEmpty();
    assertThat(now).as("resurrected").isEmpty();
    assertThat(deleteFiles(table)).isEmpty();
    assertThat(dataFiles(table)).hasSize(4);
  }

  @Test
  void concurrentAppendsAndDeletesAreNeitherLostNorResurrected() throws Exception {
    appendSmallFiles(table, 25, 400);
    Set<Long> expected = new java.util.concurrent.ConcurrentSkipListSet<>();
    rows(0, 25 * 400).forEach(row -> expected.add((Long) row.getField("id")));
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int w = 0; w < 4; w++) {
      long first = 1_000_000L * (w + 1);
      threads.add(
          new Thread(
              () -> {
                try (RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
                  Table mine = client.loadTable(EVENTS);
                  for (int batch = 0; batch < 8; batch++) {
                    List<Record> batchRows = rows(first + batch * 40L, 40);
                    dev.firn.testing.TableRows.append(mine, batchRows);
                    batchRows.forEach(row -> expected.add((Long) row.getField("id")));
                  }
                } catch (Exception e) {
                  errors.add(e);
                }
              }));
    }
    threads.add(
        new Thread(
            () -> {
              try (RESTCatalog client = TestCatalogServers.client(server, Map.of());
                  TableWriter deleter = new TableWriter(client)) {
                for (int batch = 0; batch < 8; batch++) {
                  List<Record> doomed = rows(batch * 1_000L, 25);
                  deleter
                      .ingest(EVENTS)
                      .records(SCHEMA, doomed)
                      .mode(WriteMode.DELETE)
                      .keys(List.of("id", "category"))
                      .commit();
                  doomed.forEach(row -> expected.remove((Long) row.getField("id")));
                }
              } catch (Exception e) {
                errors.add(e);
              }
            }));
    threads.forEach(Thread::start);
    List<JobResult> runs = new ArrayList<>();
    runs.add(compaction().commit());
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(errors).isEmpty();
    for (int run = 0; run < 3 && !runs.get(runs.size() - 1).succeeded(); run++) {
      runs.add(compaction().commit());
    }
    runs.add(compaction().commit());

    assertThat(runs.get(runs.size() - 1).succeeded()).as(runs.toString()).isTrue();
    assertThat(CompactionFixture.ids(table)).containsExactlyElementsOf(new TreeSet<>(expected));
  }

  @Test
  void deletionVectorsOfAVersion3TableAreAppliedAndDropped() {
    table.updateProperties().set(TableProperties.FORMAT_VERSION, "3").commit();
    appendSmallFiles(table, 5, 400);
    List<DataFile> files = dataFiles(table);
    var rowDelta = table.newRowDelta();
    rowDelta.addDeletes(CompactionFixture.deletionVector(table, files.get(0), 0, 5, 9));
    rowDelta.addDeletes(CompactionFixture.deletionVector(table, files.get(7), 2));
    rowDelta.commit();
    TreeSet<String> before = contents(table);
    assertThat(before).hasSize(2_000 - 4);
    assertThat(deleteFiles(table)).hasSize(2).allMatch(file -> file.referencedDataFile() != null);

    JobResult result = compaction().commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.count(Measure.DELETE_FILES_REMOVED)).isEqualTo(2);
    assertThat(contents(table)).isEqualTo(before);
    assertThat(deleteFiles(table)).isEmpty();
    assertThat(dataFiles(table)).hasSize(4);
  }

  @Test
  void aSortedTableGetsSortedOutputFiles() {
    table.replaceSortOrder().desc("id").commit();
    appendSmallFiles(table, 6, 200);

    JobResult result = compaction().sortRunRows(10_000).commit();

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    for (DataFile file : dataFiles(table)) {
      assertThat(file.sortOrderId()).isEqualTo(table.sortOrder().orderId());
    }
    List<Long> idsOfFirstFile = new ArrayList<>();
    DataFile first = dataFiles(table).get(0);
    for (Record row : dev.firn.testing.TableRows.read(table)) {
      if (row.getField("category").equals(SPEC.partitionToPath(first.partition()).substring(9))) {
        idsOfFirstFile.add((Long) row.getField("id"));
      }
    }
    assertThat(idsOfFirstFile).isSortedAccordingTo((a, b) -> Long.compare(b, a)).hasSize(300);
  }

  private Compaction compaction() {
    table.refresh();
    return new Compaction(table, CLOCK, running).targetFileSize(TARGET).minInputFiles(2);
  }
}
