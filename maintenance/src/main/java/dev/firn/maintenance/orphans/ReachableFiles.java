package dev.firn.maintenance.orphans;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

/**
 * Every location a table's metadata reaches: the current metadata file and each one in its log, and
 * from every snapshot any of them holds (so every branch and tag), the manifest lists, manifests,
 * data files, delete files, deletion vectors, statistics and partition statistics files, less those
 * files of expired snapshots that no longer exist. Locations are kept as {@link StorageLocation}s,
 * indexed by path so that a listed file can be told apart from one that shares its path under
 * another scheme or bucket.
 */
final class ReachableFiles {
  private final Map<String, StorageLocation> byPath = new ConcurrentHashMap<>();
  // The rare paths referenced under more than one scheme or bucket keep their other roots here.
  private final Map<String, Set<StorageLocation>> morePerPath = new ConcurrentHashMap<>();
  private final Map<String, String> roots = new ConcurrentHashMap<>();
  private final Queue<String> skipped = new ConcurrentLinkedQueue<>();

  /**
   * Walks a table's metadata, reading each metadata file, manifest list and manifest once, with the
   * manifest lists and manifests read on the executor. See {@link MetadataWalk} for which missing
   * files it skips.
   */
  static ReachableFiles of(TableMetadata current, FileIO io, ExecutorService executor) {
    return new MetadataWalk(current, io, executor).walk();
  }

  /** Notes a file the walk skipped because it no longer exists. */
  void skipped(String note) {
    skipped.add(note);
  }

  /** A note on each file the walk skipped, sorted. */
  List<String> skipped() {
    return skipped.stream().sorted().toList();
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
