package dev.firn.bench.expiry;

import org.apache.iceberg.catalog.TableIdentifier;

/** Generated tables as the expiry tests need them, without generating them. */
public final class HistoryTables {
  private HistoryTables() {}

  /**
   * A table of {@code snapshots} snapshots of ten data files each, 200 of them live, nine in ten
   * snapshots older than the expiry cutoff, {@code orphans} planted among {@code objects} objects.
   */
  public static HistoryTable of(int snapshots, int orphans, long objects) {
    return new HistoryTable(
        TableIdentifier.of("raw", "expiry_history"),
        "s3://b/raw/expiry_history",
        "s3://b/raw/expiry_history/metadata/1.metadata.json",
        snapshots,
        snapshots * 10L,
        200,
        orphans,
        objects,
        snapshots * 9 / 10,
        1_000L,
        2_000L,
        12.5);
  }
}
