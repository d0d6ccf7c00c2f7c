package dev.firn.maintenance.expiry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The files that only expired snapshots reach, and so that expiring them deletes: their manifest
 * lists, the manifests no retained snapshot lists, the data and delete files live in no retained
 * manifest, and their statistics files. Found by reachability, reading each manifest once.
 */
final class ExpiredFiles {
  private static final List<String> PATH_ONLY = List.of("file_path");

  private final Table table;

  ExpiredFiles(Table table) {
    this.table = table;
  }

  /** The paths, sorted, of the files only these snapshots of the table reach. */
  SortedSet<String> of(Collection<Snapshot> expired) {
    Set<Long> expiredIds = expired.stream().map(Snapshot::snapshotId).collect(Collectors.toSet());
    List<Snapshot> retained = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (!expiredIds.contains(snapshot.snapshotId())) {
        retained.add(snapshot);
      }
    }
    SortedSet<String> files = new TreeSet<>();
    expired.stream()
        .map(Snapshot::manifestListLocation)
        .filter(Objects::nonNull)
        .forEach(files::add);

    Map<String, ManifestFile> candidates = manifests(expired);
    Map<String, ManifestFile> kept = manifests(retained);
    candidates.keySet().removeAll(kept.keySet());
    files.addAll(candidates.keySet());

    Set<String> contentFiles = new HashSet<>();
    candidates.values().forEach(manifest -> livePaths(manifest, contentFiles::add));
    for (ManifestFile manifest : kept.values()) {
      if (contentFiles.isEmpty()) {
        break;
      }
      livePaths(manifest, contentFiles::remove);
    }
    files.addAll(contentFiles);
    files.addAll(statisticsFiles(expiredIds));
    return files;
  }

  private Map<String, ManifestFile> manifests(Collection<Snapshot> snapshots) {
    Map<String, ManifestFile> manifests = new HashMap<>();
    for (Snapshot snapshot : snapshots) {
      snapshot.allManifests(table.io()).forEach(m -> manifests.putIfAbsent(m.path(), m));
    }
    return manifests;
  }

  private void livePaths(ManifestFile manifest, Consumer<String> action) {
    try (ManifestReader<? extends ContentFile<?>> reader = reader(manifest)) {
      reader.forEach(file -> action.accept(file.location()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
    }
  }

  private ManifestReader<? extends ContentFile<?>> reader(ManifestFile manifest) {
    if (manifest.content() == ManifestContent.DELETES) {
      return ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())
          .select(PATH_ONLY);
    }
    return ManifestFiles.read(manifest, table.io(), table.specs()).select(PATH_ONLY);
  }

  /** Statistics files of expired snapshots that no retained snapshot shares. */
  private Set<String> statisticsFiles(Set<Long> expiredIds) {
    Set<String> expired = new HashSet<>();
    Set<String> retained = new HashSet<>();
    Stream.concat(
            table.statisticsFiles().stream().map(f -> Map.entry(f.snapshotId(), f.path())),
            table.partitionStatisticsFiles().stream().map(f -> Map.entry(f.snapshotId(), f.path())))
        .forEach(
            file -> (expiredIds.contains(file.getKey()) ? expired : retained).add(file.getValue()));
    expired.removeAll(retained);
    return expired;
  }
}
