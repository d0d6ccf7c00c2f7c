/**
 * The run of one load: the request fixed by {@code Ingest}, the plan worked out against the table,
 * reading the batch's parts and writing their rows as Parquet data and delete files, bad rows and
 * dead letters, and the retries around a commit.
 *
 * <p>Internal: not part of the writer's API. {@link dev.firn.writer.load.IngestRun}, {@link
 * dev.firn.writer.load.IngestRequest} and {@link dev.firn.writer.load.BatchPart} are public only so
 * that {@code Ingest} can build and start a run; everything else here is package-private.
 */
package dev.firn.writer.load;
