package dev.firn.writer;

import java.util.List;

/**
 * What a load would do, worked out without changing anything.
 *
 * @param table the table
 * @param createsTable whether the table would be created
 * @param batchId the batch id
 * @param committedSnapshotId the snapshot that already holds the batch, or null
 * @param inputs the inputs to read
 * @param inputBytes their total size, -1 if unknown
 * @param schemaChanges the schema changes the load would commit first
 * @param specChanged whether a new partition spec would be added
 */
public record IngestPlan(
    String table,
    boolean createsTable,
    String batchId,
    Long committedSnapshotId,
    List<String> inputs,
    long inputBytes,
    List<SchemaChange> schemaChanges,
    boolean specChanged) {}
