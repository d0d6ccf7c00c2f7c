package dev.firn.writer.commit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * A branch's own snapshots, those {@code main} does not hold, and how to apply them again on top of
 * a {@code main} that moved on (after a compaction, say): appends, partition replacements and row
 * deltas whose deletes are equality deletes replay exactly; anything else cannot.
 */
public final class BranchChanges {
  /** The summary key that names the branch snapshot a published snapshot was replayed from. */
  static final String PUBLISHED_FROM = "firn.published-from";

  private final Table table;
  private final String branch;
  private final List<Snapshot> own;
  private final Snapshot forkPoint;

  private BranchChanges(Table table, String branch, List<Snapshot> own, Snapshot forkPoint) {
    this.table = table;
    this.branch = branch;
    this.own = own;
    this.forkPoint = forkPoint;
  }

  public static BranchChanges of(Table table, String branch) {
    Snapshot head = table.snapshot(branch);
    Snapshot main = table.snapshot(SnapshotRef.MAIN_BRANCH);
    Set<Long> onMain = new HashSet<>();
    if (main != null) {
      SnapshotUtil.ancestorsOf(main.snapshotId(), table::snapshot)
          .forEach(snapshot -> onMain.add(snapshot.snapshotId()));
    }
    List<Snapshot> own = new ArrayList<>();
    Snapshot forkPoint = null;
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      if (onMain.contains(snapshot.snapshotId())) {
        forkPoint = snapshot;
        break;
      }
      own.add(snapshot);
    }
    Collections.reverse(own);
    return new BranchChanges(table, branch, List.copyOf(own), forkPoint);
  }

  public List<Snapshot> snapshots() {
    return own;
  }

  public long addedRows() {
    return own.stream()
        .mapToLong(
            s -> Long.parseLong(s.summary().getOrDefault(SnapshotSummary.ADDED_RECORDS_PROP, "0")))
        .sum();
  }

  /** Whether {@code main} is where the branch left it, so that a fast-forward publishes. */
  public boolean fastForwards() {
    Snapshot main = table.snapshot(SnapshotRef.MAIN_BRANCH);
    return main == null || forkPoint != null && forkPoint.snapshotId() == main.snapshotId();
  }

  /** Why a snapshot of the branch cannot be applied again on a newer main, or null. */
  public String whyNotReplayable(Snapshot snapshot) {
    if (snapshot.removedDeleteFiles(table.io()).iterator().hasNext()) {
      return describe(snapshot) + " removes delete files";
    }
    for (DeleteFile file : snapshot.addedDeleteFiles(table.io())) {
      if (file.content() != FileContent.EQUALITY_DELETES) {
        return describe(snapshot) + " adds position deletes, which point into files main rewrote";
      }
    }
    boolean removes = snapshot.removedDataFiles(table.io()).iterator().hasNext();
    boolean replaces =
        "true".equals(snapshot.summary().get(SnapshotSummary.REPLACE_PARTITIONS_PROP));
    if (removes && !replaces) {
      return describe(snapshot)
          + " removes data files (an overwrite by filter, a delete or a rewrite)";
    }
    return null;
  }

  /** Applies every own snapshot again on {@code main}, oldest first, in the transaction. */
  public void replayOnMain(Transaction transaction) {
    for (Snapshot snapshot : own) {
      String why = whyNotReplayable(snapshot);
      if (why != null) {
        throw new IllegalStateException(why);
      }
      SnapshotUpdate<?> update = replay(transaction, snapshot);
      snapshot
          .summary()
          .forEach(
              (key, value) -> {
                if (key.startsWith("firn.")) {
                  update.set(key, value);
                }
              });
      update.set(PUBLISHED_FROM, Long.toString(snapshot.snapshotId()));
      update.commit();
    }
  }

  private SnapshotUpdate<?> replay(Transaction transaction, Snapshot snapshot) {
    List<DataFile> added = new ArrayList<>();
    snapshot.addedDataFiles(table.io()).forEach(added::add);
    List<DeleteFile> deletes = new ArrayList<>();
    snapshot.addedDeleteFiles(table.io()).forEach(deletes::add);
    if ("true".equals(snapshot.summary().get(SnapshotSummary.REPLACE_PARTITIONS_PROP))) {
      var replace = transaction.newReplacePartitions();
      added.forEach(replace::addFile);
      return replace;
    }
    if (!deletes.isEmpty()) {
      var delta = transaction.newRowDelta();
      added.forEach(delta::addRows);
      deletes.forEach(delta::addDeletes);
      return delta;
    }
    var append = transaction.newAppend();
    added.forEach(append::appendFile);
    return append;
  }

  private String describe(Snapshot snapshot) {
    return "Snapshot "
        + snapshot.snapshotId()
        + " of branch "
        + branch
        + " ("
        + snapshot.operation()
        + ")";
  }
}
