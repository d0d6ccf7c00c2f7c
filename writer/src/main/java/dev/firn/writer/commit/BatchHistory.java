package dev.firn.writer.commit;

import dev.firn.writer.TableWriter;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/** The snapshot log as the ledger of batches: a batch is done when its id is in a summary. */
public final class BatchHistory {
  private BatchHistory() {}

  /** The snapshot on the branch's history that committed the batch, or null. */
  public static Snapshot find(Table table, String branch, String batchId) {
    Snapshot head = table.snapshot(branch);
    if (head == null) {
      return null;
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      if (batchId.equals(snapshot.summary().get(TableWriter.BATCH_ID))) {
        return snapshot;
      }
    }
    return null;
  }
}
