package dev.firn.maintenance.orphans;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a table's metadata for the files it reaches, telling the files that must be there from
 * those an expiry may have deleted.
 *
 * <p>Every file of a snapshot the current metadata holds (any branch, tag, or snapshot no ref
 * points to) must be read: one that is missing or unreadable stops the walk. A snapshot that only
 * older metadata files in the log hold was expired, by Firn or another engine; expiry commits first
 * and then deletes what the snapshot alone reached, its manifest list last. So when such a
 * snapshot's manifest list, or a manifest only such snapshots name, no longer exists, the walk
 * skips it: whatever it reached that is still referenced is named by a snapshot the table holds,
 * which the walk reads anyway, and whatever else survived (an expiry that stopped part way) no
 * reader of the table can reach, so it is an orphan. A file is missing when reading it fails and
 * the table's {@code FileIO} then says it does not exist; any other failure stops the walk.
 */
final class MetadataWalk {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataWalk.class);

  private final TableMetadata current;
  private final FileIO io;
  private final ExecutorService executor;
  private final ReachableFiles reachable = new ReachableFiles();
  // Snapshots the current metadata holds, by id: every file they reach must be there.
  private final Set<Long> held = ConcurrentHashMap.newKeySet();
  private final Set<String> heldLists = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> heldManifests = new ConcurrentHashMap<>();
  // What only expired snapshots name: manifest lists with their snapshot, manifests with length.
  private final Map<String, Long> expiredLists = new ConcurrentHashMap<>();
  private final Map<String, Long> expiredManifests = new ConcurrentHashMap<>();

  MetadataWalk(TableMetadata current, FileIO io, ExecutorService executor) {
    this.current = current;
    this.io = io;
    this.executor = executor;
  }

  ReachableFiles walk() {
    List<String> older = new ArrayList<>();
    current.previousFiles().forEach(entry -> older.add(entry.file()));
    reachable.add(current.metadataFileLocation());
    older.forEach(reachable::add);
    // Hadoop tables keep a pointer to the current metadata file next to it.
    reachable.add(current.location() + "/metadata/version-hint.text");

    // What the catalog answered and the file it names are both the current metadata.
    current.snapshots().forEach(snapshot -> held.add(snapshot.snapshotId()));
    TableMetadata currentFile =
        required(
            current.metadataFileLocation(),
            "the current metadata file",
            () -> TableMetadataParser.read(io, current.metadataFileLocation()));
    currentFile.snapshots().forEach(snapshot -> held.add(snapshot.snapshotId()));
    addMetadata(current);
    addMetadata(currentFile);
    Parallel.forEach(executor, older, this::addOlderMetadata);

    expiredLists.keySet().removeAll(heldLists);
    List<String> lists = new ArrayList<>(heldLists);
    lists.addAll(expiredLists.keySet());
    Parallel.forEach(executor, lists, this::readList);
    lists.forEach(reachable::add);

    expiredManifests.keySet().removeAll(heldManifests.keySet());
    List<String> manifests = new ArrayList<>(heldManifests.keySet());
    manifests.addAll(expiredManifests.keySet());
    Parallel.forEach(executor, manifests, this::readManifest);
    manifests.forEach(reachable::add);
    return reachable;
  }

  private void addOlderMetadata(String location) {
    // Only what this file alone held is lost: snapshots the table has expired since.
    TableMetadata metadata =
        unlessMissing(
            location,
            "metadata file",
            () -> TableMetadataParser.read(io, location),
            "Skipped metadata file " + location + " of the table's log: it no longer exists");
    if (metadata != null) {
      addMetadata(metadata);
    }
  }

  private void addMetadata(TableMetadata metadata) {
    metadata.statisticsFiles().stream().map(StatisticsFile::path).forEach(reachable::add);
    metadata.partitionStatisticsFiles().stream()
        .map(PartitionStatisticsFile::path)
        .forEach(reachable::add);
    for (Snapshot snapshot : metadata.snapshots()) {
      boolean isHeld = held.contains(snapshot.snapshotId());
      if (snapshot.manifestListLocation() != null) {
        if (isHeld) {
          heldLists.add(snapshot.manifestListLocation());
        } else {
          expiredLists.putIfAbsent(snapshot.manifestListLocation(), snapshot.snapshotId());
        }
      } else {
        // Format v1 snapshots may list their manifests inline, with no manifest list.
        for (ManifestFile manifest : snapshot.allManifests(io)) {
          (isHeld ? heldManifests : expiredManifests)
              .putIfAbsent(manifest.path(), manifest.length());
        }
      }
    }
  }

  private void readList(String list) {
    if (heldLists.contains(list)) {
      required(list, "manifest list of a snapshot the table holds", () -> manifests(list, true));
    } else {
      unlessMissing(
          list,
          "manifest list of expired snapshot " + expiredLists.get(list),
          () -> manifests(list, false),
          "Skipped snapshot "
              + expiredLists.get(list)
              + " of an older metadata file: its manifest list "
              + list
              + " no longer exists (expired)");
    }
  }

  private boolean manifests(String list, boolean isHeld) {
    ManifestPaths.manifests(io, list, (isHeld ? heldManifests : expiredManifests)::putIfAbsent);
    return true;
  }

  private void readManifest(String manifest) {
    if (heldManifests.containsKey(manifest)) {
      required(
          manifest,
          "manifest of a snapshot the table holds",
          () -> files(manifest, heldManifests.get(manifest)));
    } else {
      unlessMissing(
          manifest,
          "manifest of expired snapshots",
          () -> files(manifest, expiredManifests.get(manifest)),
          "Skipped manifest "
              + manifest
              + ": only snapshots the table has expired name it, and it no longer exists");
    }
  }

  private boolean files(String manifest, long length) {
    ManifestPaths.files(io, manifest, length, reachable::add);
    return true;
  }

  private static <T> T required(String location, String what, Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      throw cannotRead(location, what, e);
    }
  }

  /**
   * What reading a file returns; or, when reading fails and the file no longer exists, null, with
   * the note added to the skipped files. Any other failure is thrown.
   */
  private <T> T unlessMissing(String location, String what, Supplier<T> read, String note) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      IllegalStateException failure = cannotRead(location, what, e);
      boolean exists;
      try {
        exists = io.newInputFile(location).exists();
      } catch (RuntimeException existsFailed) {
        failure.addSuppressed(existsFailed);
        throw failure;
      }
      if (exists) {
        throw failure;
      }
      LOG.debug("{}", note);
      reachable.skipped(note);
      return null;
    }
  }

  private static IllegalStateException cannotRead(String location, String what, Exception e) {
    return new IllegalStateException("Cannot read " + location + " (" + what + "): " + e, e);
  }
}
