package dev.firn.bench.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.firn.bench.core.UnpublishedOperations;
import dev.firn.boundary.TableLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpiryCopiesTest {
  private static final String ORIGINAL = "s3://bench/firn/raw/expiry_history-0001";
  private static final String COPY = "s3://bench/firn/raw/expiry_copy_1-0001";
  private static final int BATCHES = 8;
  private static final int LIVE = 3;

  @TempDir Path folder;
  private S3FolderIO io;
  private String originalMetadata;
  private long cutoff;

  @BeforeEach
  void writeHistory() throws InterruptedException {
    io = new S3FolderIO(folder);
    TableMetadata created =
        TableMetadata.newTableMetadata(
            HistoryTableWriter.SCHEMA,
            HistoryTableWriter.SPEC,
            SortOrder.unsorted(),
            ORIGINAL,
            Map.of(
                TableProperties.FORMAT_VERSION,
                "2",
                TableProperties.MANIFEST_MERGE_ENABLED,
                "false"));
    UnpublishedOperations ops = new UnpublishedOperations(created, io);
    Table table = new BaseTable(ops, "raw.expiry_history");
    for (int batch = 0; batch < BATCHES; batch++) {
      if (batch == BATCHES - 2) {
        Thread.sleep(2);
      }
      if (batch < LIVE) {
        var append = table.newFastAppend();
        dataFiles(batch).forEach(append::appendFile);
        append.commit();
      } else {
        var overwrite =
            table.newOverwrite().overwriteByRowFilter(Expressions.equal("batch", batch - LIVE));
        dataFiles(batch).forEach(overwrite::addFile);
        overwrite.commit();
      }
      if (batch == BATCHES - 2) {
        cutoff = table.currentSnapshot().timestampMillis();
      }
    }
    originalMetadata = ops.publish();
  }

  @Test
  void everyPathTheCopyNamesLiesUnderItsOwnLocationAndExists() throws IOException {
    String copyMetadata = new ExpiryCopies(null, io).write(originalMetadata, COPY);

    TableMetadata copy = TableMetadataParser.read(io, copyMetadata);
    TableLocation location = TableLocation.of(copy.location());
    assertThat(copy.location()).isEqualTo(COPY);
    assertThat(location.contains(copyMetadata)).isTrue();
    assertThat(copy.previousFiles()).isEmpty();
    List<String> named = new ArrayList<>();
    for (Snapshot snapshot : copy.snapshots()) {
      named.add(snapshot.manifestListLocation());
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        named.add(manifest.path());
        assertThat(manifest.length()).isEqualTo(io.newInputFile(manifest.path()).getLength());
        named.addAll(entryPaths(manifest.path()));
      }
    }
    assertThat(named).isNotEmpty();
    assertThat(named).allSatisfy(path -> assertThat(location.refusal(path)).isEmpty());
    assertThat(named).allSatisfy(path -> assertThat(io.file(path)).exists());
  }

  @Test
  void theCopyHoldsTheOriginalsHistoryAndExpiresTheSameFiles() {
    String copyMetadata = new ExpiryCopies(null, io).write(originalMetadata, COPY);

    TableMetadata original = TableMetadataParser.read(io, originalMetadata);
    TableMetadata copy = TableMetadataParser.read(io, copyMetadata);
    assertThat(copy.uuid()).isNotEqualTo(original.uuid());
    assertThat(copy.snapshots())
        .extracting(Snapshot::snapshotId, Snapshot::timestampMillis, Snapshot::sequenceNumber)
        .isEqualTo(
            original.snapshots().stream()
                .map(s -> tuple(s.snapshotId(), s.timestampMillis(), s.sequenceNumber()))
                .toList());

    Set<String> fromOriginal = expire(original);
    Set<String> fromCopy = expire(copy);
    assertThat(fromOriginal).isNotEmpty();
    assertThat(fromCopy)
        .hasSameSizeAs(fromOriginal)
        .allSatisfy(path -> assertThat(path).startsWith(COPY + "/"));
    Set<String> relative = new HashSet<>();
    fromOriginal.forEach(path -> relative.add(path.substring(ORIGINAL.length())));
    Set<String> copyRelative = new HashSet<>();
    fromCopy.forEach(path -> copyRelative.add(path.substring(COPY.length())));
    assertThat(copyRelative).isEqualTo(relative);
  }

  /** The data file paths of every entry in a manifest, deleted ones included. */
  private List<String> entryPaths(String manifest) throws IOException {
    List<String> paths = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(io.file(manifest).toFile(), new GenericDatumReader<>())) {
      for (GenericRecord entry : reader) {
        paths.add(((GenericRecord) entry.get("data_file")).get("file_path").toString());
      }
    }
    return paths;
  }

  /** The files Iceberg's own expiry would delete, with the benchmark's cutoff. */
  private Set<String> expire(TableMetadata metadata) {
    Table table = new BaseTable(new UnpublishedOperations(metadata, io), "t");
    Set<String> deleted = new HashSet<>();
    table.expireSnapshots().expireOlderThan(cutoff).retainLast(1).deleteWith(deleted::add).commit();
    return deleted;
  }

  private List<DataFile> dataFiles(int batch) {
    List<DataFile> files = new ArrayList<>();
    for (int file = 0; file < 2; file++) {
      String path = ORIGINAL + "/data/batch=" + batch + "/" + file + ".parquet";
      io.write(path, new byte[HistoryTableWriter.PLACEHOLDER_BYTES]);
      files.add(
          DataFiles.builder(HistoryTableWriter.SPEC)
              .withPath(path)
              .withFormat(FileFormat.PARQUET)
              .withPartitionPath("batch=" + batch)
              .withFileSizeInBytes(HistoryTableWriter.PLACEHOLDER_BYTES)
              .withRecordCount(1)
              .build());
    }
    return files;
  }
}
