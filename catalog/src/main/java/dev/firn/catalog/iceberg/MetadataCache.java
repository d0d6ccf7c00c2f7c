package dev.firn.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewMetadataParser;

/**
 * Parsed table and view metadata, keyed by metadata file location. A metadata file never changes
 * once written (each commit writes a new one), so an entry never goes stale: a hot {@code
 * loadTable} reads one pointer from the database and no object storage. Bounded by an estimate of
 * size, counted in snapshots, schemas, specs and log entries.
 */
public final class MetadataCache {
  /** Default bound, in size units of about a kilobyte each. */
  public static final long MAX_WEIGHT_DEFAULT = 100_000;

  private final FileIO io;
  private final Cache<String, Object> entries;

  public MetadataCache(FileIO io, long maxWeight) {
    this.io = io;
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maxWeight)
            .weigher(MetadataCache::weigh)
            .recordStats()
            .build();
  }

  TableMetadata table(String location) {
    return (TableMetadata) entries.get(location, key -> TableMetadataParser.read(io, key));
  }

  /**
   * Keeps a table version just written at {@code location}, as a read of that file would give it,
   * so that the commit's answer and the next commit find it without reading it back.
   */
  void written(String location, TableMetadata metadata) {
    entries.put(
        location, TableMetadataParser.fromJson(location, TableMetadataParser.toJson(metadata)));
  }

  ViewMetadata view(String location) {
    return (ViewMetadata)
        entries.get(location, key -> ViewMetadataParser.read(io.newInputFile(key)));
  }

  public long size() {
    return entries.estimatedSize();
  }

  public long hits() {
    return entries.stats().hitCount();
  }

  public long misses() {
    return entries.stats().missCount();
  }

  private static int weigh(String location, Object metadata) {
    if (metadata instanceof TableMetadata table) {
      return 1
          + table.snapshots().size()
          + table.schemas().size()
          + table.specs().size()
          + table.previousFiles().size()
          + table.snapshotLog().size();
    }
    ViewMetadata view = (ViewMetadata) metadata;
    return 1 + view.versions().size() + view.schemas().size() + view.history().size();
  }
}
