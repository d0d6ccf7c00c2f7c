package dev.firn.maintenance.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * Finds the delete files of a snapshot that no live data file needs any more, typically because
 * compaction applied them:
 *
 * <ul>
 *   <li>a deletion vector or position delete file none of whose data files is live;
 *   <li>an equality delete file with no live data file older than it (by data sequence number) in
 *       its partition, or anywhere when its spec is unpartitioned.
 * </ul>
 */
final class DanglingDeletes {
  private static final Schema FILE_PATH_ONLY = new Schema(MetadataColumns.DELETE_FILE_PATH);

  private final Table table;

  DanglingDeletes(Table table) {
    this.table = table;
  }

  List<DeleteFile> find(Snapshot snapshot) {
    Set<String> liveData = new HashSet<>();
    Map<String, Long> oldestDataByPartition = new HashMap<>();
    long oldestData = Long.MAX_VALUE;
    for (ManifestFile manifest : snapshot.dataManifests(table.io())) {
      try (ManifestReader<DataFile> reader =
          ManifestFiles.read(manifest, table.io(), table.specs())) {
        for (DataFile file : reader) {
          liveData.add(file.location());
          long sequence = file.dataSequenceNumber();
          oldestDataByPartition.merge(partitionKey(file), sequence, Math::min);
          oldestData = Math.min(oldestData, sequence);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
      }
    }
    List<DeleteFile> dangling = new ArrayList<>();
    for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
      try (var reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        for (DeleteFile file : reader) {
          boolean needed =
              file.content() == FileContent.EQUALITY_DELETES
                  ? olderDataExists(file, oldestDataByPartition, oldestData)
                  : referencesLiveData(file, liveData);
          if (!needed) {
            dangling.add(file.copyWithoutStats());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
      }
    }
    return dangling;
  }

  private boolean olderDataExists(DeleteFile file, Map<String, Long> oldestByPartition, long all) {
    long oldest =
        table.specs().get(file.specId()).isUnpartitioned()
            ? all
            : oldestByPartition.getOrDefault(partitionKey(file), Long.MAX_VALUE);
    // An equality delete applies to data files with a strictly lower data sequence number.
    return oldest < file.dataSequenceNumber();
  }

  private boolean referencesLiveData(DeleteFile file, Set<String> liveData) {
    if (file.referencedDataFile() != null) {
      return liveData.contains(file.referencedDataFile());
    }
    String single = singleReferencedPath(file);
    if (single != null) {
      return liveData.contains(single);
    }
    if (file.format() != FileFormat.PARQUET) {
      return true; // Cannot tell cheaply which files it covers: keep it.
    }
    try (CloseableIterable<Record> paths =
        Parquet.read(table.io().newInputFile(file))
            .project(FILE_PATH_ONLY)
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(FILE_PATH_ONLY, fileSchema))
            .build()) {
      for (Record path : paths) {
        if (liveData.contains((String) path.get(0))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read delete file " + file.location(), e);
    }
  }

  /** The one data file a position delete file covers, when its path bounds say so. */
  private static String singleReferencedPath(DeleteFile file) {
    int id = MetadataColumns.DELETE_FILE_PATH.fieldId();
    if (file.lowerBounds() == null || file.upperBounds() == null) {
      return null;
    }
    ByteBuffer lower = file.lowerBounds().get(id);
    ByteBuffer upper = file.upperBounds().get(id);
    if (lower == null || !lower.equals(upper)) {
      return null;
    }
    return StandardCharsets.UTF_8.decode(lower.duplicate()).toString();
  }

  private String partitionKey(ContentFile<?> file) {
    PartitionSpec spec = table.specs().get(file.specId());
    return file.specId() + "/" + spec.partitionToPath(file.partition());
  }

  static String describe(DeleteFile file) {
    return file.content().name().toLowerCase() + " " + file.location();
  }
}
