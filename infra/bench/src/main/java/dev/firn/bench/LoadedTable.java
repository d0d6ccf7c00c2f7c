package dev.firn.bench;

/**
 * The table that the loadTable scenarios read, as one side built it.
 *
 * @param snapshots the snapshots it has
 * @param buildMillis how long creating it and committing its snapshots took
 * @param responseBytes the size of a full loadTable response
 * @param etag whether the server sent an ETag with it
 */
record LoadedTable(int snapshots, long buildMillis, int responseBytes, boolean etag) {}
