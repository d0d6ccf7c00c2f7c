package dev.firn.maintenance;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The snapshots compactions in this process started from, held from planning until the last file
 * group commits, so that snapshot expiry does not delete files a compaction is still reading.
 */
public final class RunningCompactions implements ProtectedSnapshots {
  private final Map<String, Map<Long, Integer>> held = new HashMap<>();

  /** Holds a table's snapshot until the returned hold is closed. */
  public synchronized Hold hold(String tableUuid, long snapshotId) {
    held.computeIfAbsent(tableUuid, uuid -> new HashMap<>()).merge(snapshotId, 1, Integer::sum);
    return new Hold(tableUuid, snapshotId);
  }

  @Override
  public synchronized Set<Long> of(String tableUuid) {
    return new HashSet<>(held.getOrDefault(tableUuid, Map.of()).keySet());
  }

  private synchronized void release(String tableUuid, long snapshotId) {
    Map<Long, Integer> snapshots = held.get(tableUuid);
    if (snapshots != null && snapshots.merge(snapshotId, -1, Integer::sum) <= 0) {
      snapshots.remove(snapshotId);
      if (snapshots.isEmpty()) {
        held.remove(tableUuid);
      }
    }
  }

  /** A held snapshot; closing releases it once. */
  public final class Hold implements AutoCloseable {
    private final String tableUuid;
    private final long snapshotId;
    private boolean open = true;

    private Hold(String tableUuid, long snapshotId) {
      this.tableUuid = tableUuid;
      this.snapshotId = snapshotId;
    }

    @Override
    public void close() {
      synchronized (RunningCompactions.this) {
        if (open) {
          open = false;
          release(tableUuid, snapshotId);
        }
      }
    }
  }
}
