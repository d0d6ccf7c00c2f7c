package dev.firn.catalog.commits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.rebase.AppendRebase;
import dev.firn.catalog.store.ReportStore;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Appends that lose a race on their branch are put on the new head by the catalog and answered 200;
 * every other commit that loses a race still gets its 409 and the client's retry.
 */
@ExtendWith(S3EndpointExtension.class)
class RebasedAppendCommitTest {
  /** A client gives up at the first 409, so a commit the catalog did not rebase fails the test. */
  private static final Map<String, String> NO_CLIENT_RETRY =
      Map.of(TableProperties.COMMIT_NUM_RETRIES, "0");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path databaseDirectory;

  private CatalogServer server;
  private final List<RESTCatalog> clients = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (RESTCatalog client : clients) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(S3Endpoint s3, UnaryOperator<dev.firn.catalog.CatalogConfig.Builder> config) {
    server = TestCatalogServers.start(s3, Database.sqlite(databaseDirectory), config);
  }

  private RESTCatalog client() {
    RESTCatalog client = TestCatalogServers.client(server, Map.of());
    synchronized (clients) {
      clients.add(client);
    }
    return client;
  }

  @Test
  void eightWritersAppendingAtOnceLandEveryFileOnceOnALineOfSequenceNumbers(S3Endpoint s3)
      throws Exception {
    start(s3, UnaryOperator.identity());
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "appended");
    Map<String, String> properties = new HashMap<>(CommitSafetyTests.CONTENDED_TABLE);
    // Merging appends now and then: a merged manifest list is refused and retried by the client.
    properties.put(TableProperties.MANIFEST_MIN_MERGE_COUNT, "16");
    client().buildTable(id, CommitSafetyTests.SCHEMA).withProperties(properties).create();

    int commitsPerWriter = 8;
    Map<String, Long> appended = new ConcurrentHashMap<>();
    CommitSafetyTests.runConcurrently(
        8,
        writer -> {
          Table table = client().loadTable(id);
          for (int i = 0; i < commitsPerWriter; i++) {
            DataFile file = dataFile(table, "w" + writer + "-c" + i, 1 + writer * 100L + i);
            if (i % 2 == 0) {
              table.newFastAppend().appendFile(file).commit();
            } else {
              table.newAppend().appendFile(file).commit();
            }
            appended.put(file.location(), file.recordCount());
          }
          return null;
        });

    Table table = client().loadTable(id);
    assertThat(appended).hasSize(64);
    assertThat(table.snapshots()).hasSize(64);
    assertThat(scannedFiles(table))
        .hasSize(64)
        .containsExactlyInAnyOrderElementsOf(appended.keySet());
    List<Snapshot> line = mainLine(table);
    assertThat(line).hasSize(64);
    long records = 0;
    for (int k = 0; k < line.size(); k++) {
      Snapshot snapshot = line.get(k);
      if (k > 0) {
        assertThat(snapshot.sequenceNumber()).isGreaterThan(line.get(k - 1).sequenceNumber());
      }
      List<DataFile> added = new ArrayList<>();
      snapshot.addedDataFiles(table.io()).forEach(added::add);
      assertThat(added).hasSize(1);
      records += added.get(0).recordCount();
      assertThat(snapshot.summary())
          .containsEntry(SnapshotSummary.TOTAL_DATA_FILES_PROP, String.valueOf(k + 1))
          .containsEntry(SnapshotSummary.TOTAL_RECORDS_PROP, String.valueOf(records));
    }
    assertThat(server.metrics().rebasedAppends()).isPositive();
    assertThat(server.metrics().render()).contains("firn_rebased_appends_total ");
    // Iceberg clients report each commit's attempts: most landed on the first.
    List<Integer> attempts = commitAttempts(id);
    assertThat(attempts).isNotEmpty();
    assertThat(attempts.stream().filter(n -> n == 1).count()).isGreaterThan(attempts.size() / 2);
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {1, 2})
  void aStaleAppendLandsOnTheNewHeadKeepingItsSnapshotId(int formatVersion, S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    // Outside raw, a table takes rebased appends when its property says so.
    TableIdentifier id = TableIdentifier.of(Namespace.of("cleaned"), "stale_v" + formatVersion);
    Table first =
        createTable(id, formatVersion, Map.of(AppendRebase.REBASE_APPENDS_PROPERTY, "true"));
    TableRows.append(first, CommitSafetyTests.rows(0, 0));
    Snapshot start = first.currentSnapshot();
    Table rival = client().loadTable(id);
    Table stale =
        RacingOperations.racing(
            client().loadTable(id), () -> TableRows.append(rival, CommitSafetyTests.rows(2, 0)));

    AppendFiles append = stale.newFastAppend();
    TableRows.write(stale, CommitSafetyTests.rows(1, 0)).forEach(append::appendFile);
    append.commit();

    assertThat(RacingOperations.proposed(stale)).hasSize(1);
    Snapshot sent = RacingOperations.proposed(stale).get(0);
    Table table = client().loadTable(id);
    Snapshot rebased = table.currentSnapshot();
    Snapshot head = table.snapshot(rebased.parentId());
    assertThat(rebased.snapshotId()).isEqualTo(sent.snapshotId());
    assertThat(sent.parentId()).isEqualTo(start.snapshotId());
    assertThat(head.parentId()).isEqualTo(start.snapshotId());
    if (formatVersion > 1) {
      assertThat(rebased.sequenceNumber()).isEqualTo(head.sequenceNumber() + 1);
    }
    assertThat(rebased.manifestListLocation()).contains("-rebased-");
    // The client deletes the list it wrote, which the table does not reference.
    assertThat(table.io().newInputFile(sent.manifestListLocation()).exists()).isFalse();
    List<ManifestFile> manifests = rebased.allManifests(table.io());
    assertThat(manifests).hasSize(3);
    assertThat(manifests.get(0).snapshotId()).isEqualTo(sent.snapshotId());
    assertThat(manifests.get(0).sequenceNumber()).isEqualTo(rebased.sequenceNumber());
    assertThat(manifests.subList(1, 3)).containsExactlyElementsOf(head.allManifests(table.io()));
    assertThat(rebased.summary())
        .containsEntry(SnapshotSummary.TOTAL_DATA_FILES_PROP, "3")
        .containsEntry(SnapshotSummary.TOTAL_RECORDS_PROP, "6")
        .containsEntry(SnapshotSummary.ADDED_RECORDS_PROP, "2");
    assertThat(server.metrics().rebasedAppends()).isEqualTo(1);

    assertThat(ids(TableRows.read(table)))
        .containsExactlyInAnyOrder(0L, 1L, 1_000_000L, 1_000_001L, 2_000_000L, 2_000_001L);
    assertThat(ids(read(table, sent.snapshotId()))).hasSize(6);
    assertThat(ids(read(table, head.snapshotId())))
        .containsExactlyInAnyOrder(0L, 1L, 2_000_000L, 2_000_001L);

    // Ordinary commits go on top of the rebased snapshot, and compaction reads and rewrites it.
    TableRows.append(table, CommitSafetyTests.rows(3, 0));
    compact(table);
    table.rewriteManifests().rewriteIf(manifest -> true).commit();
    Table compacted = client().loadTable(id);
    assertThat(scannedFiles(compacted)).hasSize(1);
    assertThat(ids(TableRows.read(compacted))).hasSize(8).doesNotHaveDuplicates();
    assertThat(ids(read(compacted, sent.snapshotId()))).hasSize(6);
  }

  @Test
  void appendsRacingWithTheSettingOffGetAConflict(S3Endpoint s3) {
    start(s3, config -> config.rebaseAppends(false));
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "off");
    Table table = createTable(id, 2);
    Table stale = racing(id, table, "winner");

    assertThatThrownBy(() -> stale.newFastAppend().appendFile(dataFile(table, "stale", 1)).commit())
        .isInstanceOf(CommitFailedException.class);
    assertThat(server.metrics().rebasedAppends()).isZero();
    assertThat(scannedFiles(client().loadTable(id))).hasSize(1);
  }

  @Test
  void appendsOutsideRawWithoutThePropertyOrWithItFalseGetAConflict(S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    client().createNamespace(Namespace.of("curated", "sales"));
    TableIdentifier curated = TableIdentifier.of(Namespace.of("curated", "sales"), "orders");
    TableIdentifier rawOff = TableIdentifier.of(Namespace.of("raw"), "opted_out");
    Map<TableIdentifier, Table> tables =
        Map.of(
            curated,
            createTable(curated, 2),
            rawOff,
            createTable(rawOff, 2, Map.of(AppendRebase.REBASE_APPENDS_PROPERTY, "false")));

    for (TableIdentifier id : tables.keySet()) {
      Table table = tables.get(id);
      Table stale = racing(id, table, "winner");
      assertThatThrownBy(
              () -> stale.newFastAppend().appendFile(dataFile(table, "stale", 1)).commit())
          .as(id.toString())
          .isInstanceOf(CommitFailedException.class);
      assertThat(scannedFiles(client().loadTable(id))).hasSize(1);
    }
    assertThat(server.metrics().rebasedAppends()).isZero();
  }

  @Test
  void theRebasePropertyTakesOnlyTrueOrFalse(S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    Table table = createTable(TableIdentifier.of(Namespace.of("raw"), "strict"), 2);

    assertThatThrownBy(
            () ->
                table.updateProperties().set(AppendRebase.REBASE_APPENDS_PROPERTY, "yes").commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value for " + AppendRebase.REBASE_APPENDS_PROPERTY);
    assertThat(client().loadTable(TableIdentifier.of(Namespace.of("raw"), "strict")).properties())
        .doesNotContainKey(AppendRebase.REBASE_APPENDS_PROPERTY);
  }

  @Test
  void overwritesDeletesAndRowDeltasRacingAnotherWriterGetAConflict(S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "changes");
    Table table = createTable(id, 2);
    DataFile existing = dataFile(table, "existing", 10);
    table.newFastAppend().appendFile(existing).commit();

    Table overwrite = racing(id, table, "w1");
    assertThatThrownBy(
            () ->
                overwrite
                    .newOverwrite()
                    .deleteFile(existing)
                    .addFile(dataFile(table, "o", 5))
                    .commit())
        .isInstanceOf(CommitFailedException.class);
    Table delete = racing(id, table, "w2");
    assertThatThrownBy(() -> delete.newDelete().deleteFile(existing).commit())
        .isInstanceOf(CommitFailedException.class);
    Table rowDelta = racing(id, table, "w3");
    assertThatThrownBy(
            () ->
                rowDelta
                    .newRowDelta()
                    .addRows(dataFile(table, "r", 5))
                    .addDeletes(positionDeletes(table, existing))
                    .commit())
        .isInstanceOf(CommitFailedException.class);

    assertThat(server.metrics().rebasedAppends()).isZero();
    assertThat(scannedFiles(client().loadTable(id))).hasSize(4);
  }

  @Test
  void aRowDeltaRacingAConflictingAppendStillFailsItsValidation(S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "validated");
    Table table = client().buildTable(id, CommitSafetyTests.SCHEMA).create();
    DataFile existing = dataFile(table, "existing", 10);
    table.newFastAppend().appendFile(existing).commit();
    long start = table.currentSnapshot().snapshotId();
    Table stale = racing(id, table, "conflicting");

    // The client retries after the 409, and its own validation sees the conflicting file.
    assertThatThrownBy(
            () ->
                stale
                    .newRowDelta()
                    .addRows(dataFile(table, "updated", 10))
                    .addDeletes(positionDeletes(table, existing))
                    .validateFromSnapshot(start)
                    .conflictDetectionFilter(Expressions.alwaysTrue())
                    .validateNoConflictingDataFiles()
                    .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("conflicting");
    assertThat(RacingOperations.proposed(stale)).hasSize(1);
    assertThat(server.metrics().rebasedAppends()).isZero();
  }

  @Test
  void aSchemaChangeWithAnAppendOnAStaleBranchIsNotRebased(S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "evolving");
    Table table = createTable(id, 2);
    Transaction transaction = racing(id, table, "winner").newTransaction();
    transaction.updateSchema().addColumn("note", Types.StringType.get()).commit();
    transaction.newFastAppend().appendFile(dataFile(table, "stale", 1)).commit();

    assertThatThrownBy(transaction::commitTransaction).isInstanceOf(CommitFailedException.class);
    assertThat(server.metrics().rebasedAppends()).isZero();
    assertThat(client().loadTable(id).schema().findField("note")).isNull();
  }

  @Test
  void anAppendToAVersionThreeTableIsNotRebased(S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "lineage");
    Table table = createTable(id, 3);
    Table stale = racing(id, table, "winner");

    assertThatThrownBy(() -> stale.newFastAppend().appendFile(dataFile(table, "stale", 1)).commit())
        .isInstanceOf(CommitFailedException.class);
    assertThat(server.metrics().rebasedAppends()).isZero();
  }

  @Test
  void anAppendThatMergedManifestsIsNotRebased(S3Endpoint s3) {
    start(s3, UnaryOperator.identity());
    TableIdentifier id = TableIdentifier.of(Namespace.of("raw"), "merged");
    Map<String, String> properties = new HashMap<>(NO_CLIENT_RETRY);
    properties.put(TableProperties.MANIFEST_MIN_MERGE_COUNT, "2");
    Table table =
        client().buildTable(id, CommitSafetyTests.SCHEMA).withProperties(properties).create();
    table.newFastAppend().appendFile(dataFile(table, "a", 1)).commit();
    table.newFastAppend().appendFile(dataFile(table, "b", 1)).commit();
    Table stale = racing(id, table, "winner");

    assertThatThrownBy(() -> stale.newAppend().appendFile(dataFile(table, "stale", 1)).commit())
        .isInstanceOf(CommitFailedException.class);
    assertThat(RacingOperations.proposed(stale).get(0).allManifests(table.io())).hasSize(1);
    assertThat(server.metrics().rebasedAppends()).isZero();
    assertThat(scannedFiles(client().loadTable(id))).hasSize(3);
  }

  /**
   * The table through a new client whose first commit loses a race: {@code rival} appends a file
   * named {@code winner} just before it.
   */
  private Table racing(TableIdentifier id, Table rival, String winner) {
    return RacingOperations.racing(
        client().loadTable(id),
        () -> rival.newFastAppend().appendFile(dataFile(rival, winner, 1)).commit());
  }

  private Table createTable(TableIdentifier id, int formatVersion) {
    return createTable(id, formatVersion, Map.of());
  }

  private Table createTable(TableIdentifier id, int formatVersion, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(NO_CLIENT_RETRY);
    properties.putAll(extra);
    properties.put("format-version", String.valueOf(formatVersion));
    return client().buildTable(id, CommitSafetyTests.SCHEMA).withProperties(properties).create();
  }

  /** A data file the tests only plan, never read: its path and counts are what matter. */
  private static DataFile dataFile(Table table, String name, long records) {
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + name + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(100 + records)
        .withRecordCount(records)
        .build();
  }

  private static org.apache.iceberg.DeleteFile positionDeletes(Table table, DataFile target) {
    return FileMetadata.deleteFileBuilder(table.spec())
        .ofPositionDeletes()
        .withPath(table.location() + "/data/deletes-" + System.nanoTime() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(50)
        .withRecordCount(1)
        .withReferencedDataFile(target.location())
        .build();
  }

  private static List<String> scannedFiles(Table table) {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file().location()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The snapshots of main, oldest first. */
  private static List<Snapshot> mainLine(Table table) {
    List<Snapshot> line = new ArrayList<>();
    for (Snapshot s = table.currentSnapshot();
        s != null;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      line.add(0, s);
    }
    return line;
  }

  private static List<Record> read(Table table, long snapshotId) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      records.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static List<Long> ids(List<Record> rows) {
    return CommitSafetyTests.ids(rows);
  }

  /** Rewrites every data file of the table into one, as a compaction does. */
  private static void compact(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<DataFile> rewritten = TableRows.write(table, TableRows.read(table));
    table
        .newRewrite()
        .validateFromSnapshot(table.currentSnapshot().snapshotId())
        .rewriteFiles(Set.copyOf(files), Set.copyOf(rewritten))
        .commit();
  }

  /** The attempts of each commit the clients reported to the catalog. */
  private List<Integer> commitAttempts(TableIdentifier id) throws IOException {
    List<Integer> attempts = new ArrayList<>();
    for (ReportStore.Report report : server.metricsReports(id)) {
      if (report.type().equals("commit-report")) {
        JsonNode count = JSON.readTree(report.json()).path("metrics").path("attempts");
        attempts.add(count.path("value").asInt(0));
      }
    }
    return attempts;
  }
}
