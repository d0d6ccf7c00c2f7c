package dev.firn.writer;

import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * What a load would do, worked out without changing anything. A commit executes this same plan,
 * working it out again only if another writer changed the table in between.
 *
 * @param table the table
 * @param batchId the batch id
 * @param committedSnapshotId the snapshot that already holds the batch, or null
 * @param creates what the load would create: namespaces, the table, its branch
 * @param inputs the inputs to read
 * @param changes the schema changes and new partition spec the load would commit with its data
 * @param schema the table's schema after the load (null when the batch is already in)
 * @param spec the table's partition spec after the load (null when the batch is already in)
 * @param notes what inference has to say: columns typed string because of a few odd values
 */
public record IngestPlan(
    String table,
    String batchId,
    Long committedSnapshotId,
    Creates creates,
    Inputs inputs,
    TableChanges changes,
    Schema schema,
    PartitionSpec spec,
    List<String> notes) {
  public IngestPlan {
    notes = List.copyOf(notes);
  }

  /**
   * What a load would create before it writes.
   *
   * @param namespaces the namespaces above the table, outermost first
   * @param table whether the table would be created
   * @param branch whether the load would create its branch from {@code main}
   */
  public record Creates(List<String> namespaces, boolean table, boolean branch) {
    public static final Creates NOTHING = new Creates(List.of(), false, false);

    public Creates {
      namespaces = List.copyOf(namespaces);
    }
  }

  /**
   * What a load would read.
   *
   * @param locations the inputs, as files or where in-process records come from
   * @param bytes their total size, -1 if unknown
   */
  public record Inputs(List<String> locations, long bytes) {
    public Inputs {
      locations = List.copyOf(locations);
    }
  }

  /** The plan of a batch the table's history already holds: committing it does nothing. */
  public static IngestPlan alreadyCommitted(
      String table, String batchId, long snapshotId, Inputs inputs) {
    return new IngestPlan(
        table,
        batchId,
        snapshotId,
        Creates.NOTHING,
        inputs,
        TableChanges.NONE,
        null,
        null,
        List.of());
  }
}
