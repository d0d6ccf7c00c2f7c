package dev.firn.maintenance.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;

/**
 * The groups the files of some manifests fall into, by partition spec and partition. Grouping by
 * partition gives at least one manifest per partition, so a table with many partitions is grouped
 * by spec alone: otherwise each rewrite would leave as many small manifests as it removed.
 */
final class ManifestClusters {
  private static final List<String> PARTITION_ONLY = List.of("file_path", "partition");

  private final Map<Integer, PartitionSpec> specs;
  private final int partitions;
  private final int specCount;

  private ManifestClusters(Map<Integer, PartitionSpec> specs, int partitions, int specCount) {
    this.specs = specs;
    this.partitions = partitions;
    this.specCount = specCount;
  }

  /** The groups of the live files of these manifests, reading each once. */
  static ManifestClusters of(Table table, List<ManifestFile> manifests) {
    Map<Integer, PartitionSpec> specs = Map.copyOf(table.specs());
    Set<String> partitions = new HashSet<>();
    Set<Integer> specIds = new HashSet<>();
    for (ManifestFile manifest : manifests) {
      specIds.add(manifest.partitionSpecId());
      try (ManifestReader<DataFile> reader =
          ManifestFiles.read(manifest, table.io(), specs).select(PARTITION_ONLY)) {
        reader.forEach(file -> partitions.add(partition(specs, file)));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
      }
    }
    return new ManifestClusters(specs, partitions.size(), specIds.size());
  }

  int partitions() {
    return partitions;
  }

  int specs() {
    return specCount;
  }

  /** The group of a file by spec and partition. */
  Object partitionKey(DataFile file) {
    return partition(specs, file);
  }

  Object specKey(DataFile file) {
    return file.specId();
  }

  // As text, because readers reuse the partition objects they hand out.
  private static String partition(Map<Integer, PartitionSpec> specs, DataFile file) {
    return file.specId() + "/" + specs.get(file.specId()).partitionToPath(file.partition());
  }
}
