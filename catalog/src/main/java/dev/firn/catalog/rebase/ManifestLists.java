package dev.firn.catalog.rebase;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.firn.catalog.rebase.ManifestListFile.Entry;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.io.FileIO;

/**
 * The manifest lists of snapshots, read through the catalog's FileIO, with the lists the catalog
 * wrote itself remembered: under contention the head an append is rebased onto, and the parent a
 * client built on, are mostly snapshots rebased here a moment ago. A list never changes once
 * written, so a remembered one never goes stale. Bounded by the number of manifests remembered.
 */
final class ManifestLists {
  /** Default bound, in manifests. */
  static final long MAX_MANIFESTS_DEFAULT = 100_000;

  private final FileIO io;
  private final Cache<String, List<Entry>> written;

  ManifestLists(FileIO io, long maxManifests) {
    this.io = io;
    this.written =
        Caffeine.newBuilder()
            .maximumWeight(maxManifests)
            .<String, List<Entry>>weigher((location, entries) -> 1 + entries.size())
            .build();
  }

  /** The manifests a snapshot lists, in order. */
  List<Entry> of(Snapshot snapshot) {
    List<Entry> known = written.getIfPresent(snapshot.manifestListLocation());
    if (known != null) {
      return known;
    }
    return snapshot.allManifests(io).stream().map(Entry::unchanged).toList();
  }

  /** Remembers a list the catalog wrote and committed. */
  void remember(String location, List<Entry> entries) {
    written.put(location, List.copyOf(entries));
  }
}
