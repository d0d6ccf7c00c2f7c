package dev.firn.bench.expiry;

import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The generated table the expiry and orphan benchmark maintains.
 *
 * @param id its name in Firn's catalog
 * @param location its location
 * @param metadataLocation the metadata file registered for it
 * @param snapshots its snapshots
 * @param dataFiles the data files all its snapshots added
 * @param liveFiles the data files of its current snapshot
 * @param orphans the files planted under its location that it does not reference
 * @param objects every object under its location: data files, orphans, manifests, manifest lists
 *     and metadata files
 * @param expiringSnapshots the snapshots older than {@code expiryCutoffMillis}
 * @param expiryCutoffMillis snapshots older than this expire; the first kept one has this timestamp
 * @param orphanCutoffMillis files modified before this are old enough to be orphans: every file the
 *     generator wrote is
 * @param generationSeconds how long generating it took
 */
public record HistoryTable(
    TableIdentifier id,
    String location,
    String metadataLocation,
    int snapshots,
    long dataFiles,
    long liveFiles,
    int orphans,
    long objects,
    int expiringSnapshots,
    long expiryCutoffMillis,
    long orphanCutoffMillis,
    double generationSeconds) {}
