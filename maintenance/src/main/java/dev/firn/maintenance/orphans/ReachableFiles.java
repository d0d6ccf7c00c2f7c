package dev.firn.maintenance.orphans;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every location a table's metadata reaches: the current metadata file and each one in its log, and
 * from every snapshot any of them holds (so every branch and tag), the manifest lists, manifests,
 * data files, delete files, deletion vectors, statistics and partition statistics files. Locations
 * are kept as {@link StorageLocation}s, indexed by path so that a listed file can be told apart
 * from one that shares its path under another scheme or bucket.
 */
final class ReachableFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ReachableFiles.class);

  private final Map<String, StorageLocation> byPath = new ConcurrentHashMap<>();
  // The rare paths referenced under more than one scheme or bucket keep their other roots here.
  private final Map<String, Set<StorageLocation>> morePerPath = new ConcurrentHashMap<>();
  private final Map<String, String> roots = new ConcurrentHashMap<>();

  /**
   * Walks a table's metadata, reading each metadata file, manifest list and manifest once, with the
   * manifest lists and manifests read on the executor.
   */
  static ReachableFiles of(TableMetadata current, FileIO io, ExecutorService executor) {
    ReachableFiles reachable = new ReachableFiles();
    List<String> metadataFiles = new ArrayList<>();
    metadataFiles.add(current.metadataFileLocation());
    current.previousFiles().forEach(entry -> metadataFiles.add(entry.file()));
    metadataFiles.forEach(reachable::add);
    // Hadoop tables keep a pointer to the current metadata file next to it.
    reachable.add(current.location() + "/metadata/version-hint.text");

    Set<String> manifestLists = ConcurrentHashMap.newKeySet();
    Map<String, Long> manifests = new ConcurrentHashMap<>();
    Parallel.forEach(
        executor,
        metadataFiles,
        file -> reachable.addSnapshots(io, file, manifestLists, manifests));
    Parallel.forEach(
        executor, manifestLists, list -> ManifestPaths.manifests(io, list, manifests::putIfAbsent));
    manifestLists.forEach(reachable::add);
    Parallel.forEach(
        executor,
        manifests.keySet(),
        manifest -> ManifestPaths.files(io, manifest, manifests.get(manifest), reachable::add));
    manifests.keySet().forEach(reachable::add);
    return reachable;
  }

  private void addSnapshots(
      FileIO io, String metadataFile, Set<String> manifestLists, Map<String, Long> manifests) {
    TableMetadata metadata;
    try {
      metadata = TableMetadataParser.read(io, metadataFile);
    } catch (NotFoundException e) {
      // Only what this file alone reached is lost: snapshots already expired from the table.
      LOG.warn("Metadata file {} in the table's log is missing; skipped", metadataFile);
      return;
    }
    metadata.statisticsFiles().stream().map(StatisticsFile::path).forEach(this::add);
    metadata.partitionStatisticsFiles().stream()
        .map(PartitionStatisticsFile::path)
        .forEach(this::add);
    for (Snapshot snapshot : metadata.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        manifestLists.add(snapshot.manifestListLocation());
      } else {
        // Format v1 snapshots may list their manifests inline, with no manifest list.
        for (ManifestFile manifest : snapshot.allManifests(io)) {
          manifests.putIfAbsent(manifest.path(), manifest.length());
        }
      }
    }
  }

  void add(String location) {
    StorageLocation parsed = StorageLocation.of(location);
    StorageLocation kept =
        new StorageLocation(
            canonical(parsed.scheme()), canonical(parsed.authority()), parsed.path());
    StorageLocation first = byPath.putIfAbsent(kept.path(), kept);
    if (first != null && !first.equals(kept)) {
      morePerPath.computeIfAbsent(kept.path(), path -> ConcurrentHashMap.newKeySet()).add(kept);
    }
  }

  /**
   * The reached location with the same path as a listed one: the listed location itself when it is
   * reached, another scheme or bucket when only that is, empty when the path is not reached.
   */
  Optional<StorageLocation> samePath(StorageLocation listed) {
    StorageLocation first = byPath.get(listed.path());
    if (first == null || first.equals(listed)) {
      return Optional.ofNullable(first);
    }
    Set<StorageLocation> more = morePerPath.getOrDefault(listed.path(), Set.of());
    return Optional.of(more.contains(listed) ? listed : first);
  }

  // A table has a handful of schemes and buckets: one string each saves memory per file.
  private String canonical(String root) {
    return roots.computeIfAbsent(root, r -> r);
  }
}
