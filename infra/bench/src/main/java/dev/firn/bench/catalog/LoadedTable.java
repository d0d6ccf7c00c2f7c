package dev.firn.bench.catalog;

/**
 * The table that the loadTable scenarios read, as one side serves it.
 *
 * @param snapshots the snapshots it has
 * @param writeMillis how long writing the table's one metadata file and its manifests took
 * @param registerMillis how long registering that metadata file took on this side
 * @param responseBytes the size of a full loadTable response
 * @param etag whether the server sent an ETag with it
 */
public record LoadedTable(
    int snapshots, long writeMillis, long registerMillis, int responseBytes, boolean etag) {}
