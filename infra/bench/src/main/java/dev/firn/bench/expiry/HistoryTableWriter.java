package dev.firn.bench.expiry;

import dev.firn.bench.core.CallerRunsExecutor;
import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.UnpublishedOperations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Generates the table the expiry and orphan benchmark maintains: a streaming table whose every
 * snapshot adds one batch of data files in a partition of its own and, once the table holds {@link
 * ExpirySettings#LIVE_BATCHES} batches, overwrites the oldest. Its snapshots are committed with
 * Iceberg's own append and overwrite operations, metadata only (the data files are tiny placeholder
 * objects that nothing reads), kept in memory until the last one, which is written once and
 * registered in Firn's catalog. Then it plants orphans: files under the table's location that no
 * snapshot references.
 */
record HistoryTableWriter(Catalog catalog, S3FolderIO io, PrintStream progress) {
  static final String TABLE = "expiry_history";
  static final String MIN_KEPT_PROPERTY = "firn.maintenance.snapshot.min-kept";
  static final int PLACEHOLDER_BYTES = 16;

  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "batch", Types.IntegerType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("batch").build();
  private static final byte[] PLACEHOLDER = new byte[PLACEHOLDER_BYTES];
  private static final CallerRunsExecutor CALLER_RUNS = new CallerRunsExecutor();

  HistoryTable write(ExpirySettings settings) throws InterruptedException {
    long start = System.nanoTime();
    progress.printf(
        Locale.ROOT,
        "Generating a table of %,d snapshots, %,d data files and %,d orphans...%n",
        settings.snapshots(),
        settings.dataFiles(),
        settings.orphans());
    TableIdentifier id = TableIdentifier.of(FirnStack.ZONE, TABLE);
    Table created =
        catalog.createTable(
            id,
            SCHEMA,
            SPEC,
            Map.of(
                TableProperties.FORMAT_VERSION,
                "2",
                // Overwrites then drop whole manifests and the manifest lists stay short.
                TableProperties.MANIFEST_MERGE_ENABLED,
                "false",
                MIN_KEPT_PROPERTY,
                Integer.toString(ExpirySettings.RETAIN_LAST)));
    UnpublishedOperations ops =
        new UnpublishedOperations(((HasTableOperations) created).operations().current(), io);
    Table table = new BaseTable(ops, id.toString());
    long expiryCutoff = commitSnapshots(table, settings);
    progress.printf(
        Locale.ROOT,
        "  committed %,d snapshots in %.1f s%n",
        settings.snapshots(),
        (System.nanoTime() - start) / 1e9);
    plantOrphans(table.location(), settings);
    String metadata = ops.publish();
    // The created table's first metadata file stays in the new one's log, so it is no orphan.
    catalog.dropTable(id, false);
    catalog.registerTable(id, metadata);
    long liveFiles = (long) ExpirySettings.LIVE_BATCHES * settings.filesPerSnapshot();
    HistoryTable generated =
        new HistoryTable(
            id,
            table.location(),
            metadata,
            settings.snapshots(),
            settings.dataFiles(),
            liveFiles,
            settings.orphans(),
            countObjects(table.location()),
            settings.expiringSnapshots(),
            expiryCutoff,
            // Object stores keep modification times to the second.
            (System.currentTimeMillis() / 1000 + 1) * 1000,
            (System.nanoTime() - start) / 1e9);
    progress.printf(
        Locale.ROOT,
        "  %s: %,d objects under %s in %.1f s%n",
        id,
        generated.objects(),
        generated.location(),
        generated.generationSeconds());
    return generated;
  }

  /** Commits one snapshot per batch; returns the timestamp of the first snapshot expiry keeps. */
  private long commitSnapshots(Table table, ExpirySettings settings) throws InterruptedException {
    long cutoff = -1;
    int live = ExpirySettings.LIVE_BATCHES;
    for (int batch = 0; batch < settings.snapshots(); batch++) {
      if (batch == settings.expiringSnapshots()) {
        // Strictly younger than every snapshot before it, so the cutoff splits them exactly.
        Thread.sleep(2);
      }
      List<DataFile> files = dataFiles(table.location(), batch, settings.filesPerSnapshot());
      if (batch < live) {
        AppendFiles append =
            table.newFastAppend().scanManifestsWith(CALLER_RUNS).writeManifestsWith(CALLER_RUNS, 1);
        files.forEach(append::appendFile);
        append.commit();
      } else {
        OverwriteFiles overwrite =
            table
                .newOverwrite()
                .scanManifestsWith(CALLER_RUNS)
                .writeManifestsWith(CALLER_RUNS, 1)
                .overwriteByRowFilter(Expressions.equal("batch", batch - live));
        files.forEach(overwrite::addFile);
        overwrite.commit();
      }
      if (batch == settings.expiringSnapshots()) {
        cutoff = table.currentSnapshot().timestampMillis();
      }
    }
    return cutoff;
  }

  /** Writes one batch's placeholder objects and describes them as data files. */
  private List<DataFile> dataFiles(String location, int batch, int count) {
    List<DataFile> files = new ArrayList<>(count);
    for (int file = 0; file < count; file++) {
      String path =
          String.format(
              Locale.ROOT, "%s/data/batch=%d/%05d-%d.parquet", location, batch, file, batch);
      io.write(path, PLACEHOLDER);
      files.add(
          DataFiles.builder(SPEC)
              .withPath(path)
              .withFormat(FileFormat.PARQUET)
              .withPartitionPath("batch=" + batch)
              .withFileSizeInBytes(PLACEHOLDER_BYTES)
              .withRecordCount(1)
              .build());
    }
    return files;
  }

  /**
   * Orphans spread over the batches' folders, next to the data files, as failed writes leave them.
   */
  private void plantOrphans(String location, ExpirySettings settings) {
    for (int orphan = 0; orphan < settings.orphans(); orphan++) {
      int batch = (int) ((long) orphan * settings.snapshots() / settings.orphans());
      io.write(
          String.format(
              Locale.ROOT, "%s/data/batch=%d/orphan-%05d.parquet", location, batch, orphan),
          PLACEHOLDER);
    }
  }

  private long countObjects(String location) {
    Path folder = io.file(location);
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot count the objects under " + location, e);
    }
  }
}
