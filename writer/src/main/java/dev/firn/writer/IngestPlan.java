package dev.firn.writer;

import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * What a load would do, worked out without changing anything. A commit executes this same plan,
 * working it out again only if another writer changed the table in between.
 *
 * @param table the table
 * @param createsTable whether the table would be created
 * @param createsNamespaces the namespaces that would be created with it, outermost first
 * @param batchId the batch id
 * @param committedSnapshotId the snapshot that already holds the batch, or null
 * @param inputs the inputs to read
 * @param inputBytes their total size, -1 if unknown
 * @param schemaChanges the schema changes the load would commit with its data
 * @param specChanged whether a new partition spec would be added
 * @param schema the table's schema after the load (null when the batch is already in)
 * @param spec the table's partition spec after the load (null when the batch is already in)
 * @param createsBranch whether the load would create its branch from {@code main}
 * @param notes what inference has to say: columns typed string because of a few odd values
 */
public record IngestPlan(
    String table,
    boolean createsTable,
    List<String> createsNamespaces,
    String batchId,
    Long committedSnapshotId,
    List<String> inputs,
    long inputBytes,
    List<SchemaChange> schemaChanges,
    boolean specChanged,
    Schema schema,
    PartitionSpec spec,
    boolean createsBranch,
    List<String> notes) {}
