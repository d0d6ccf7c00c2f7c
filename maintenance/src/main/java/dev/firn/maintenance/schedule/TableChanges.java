package dev.firn.maintenance.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * How much a table changed since a job last ran, read from the snapshot summaries in its metadata:
 * cheap enough for every table at every tick, since no manifest or data file is opened.
 */
final class TableChanges {
  /**
   * A commit whose data files average below this share of the target size adds small files; 3/4 is
   * where Iceberg's bin-pack planner starts to call a file too small by default.
   */
  static final double SMALL_FILE_RATIO = 0.75;

  /** How many snapshots back a check looks at most, so a long history costs a bounded walk. */
  static final int MAX_SNAPSHOTS = 10_000;

  private TableChanges() {}

  /**
   * The data files committed in small batches since a run (ever, when {@code last} is null),
   * leaving out compactions' own rewrites; for a table never compacted, also every file of a table
   * whose files average small, since its early history may have been expired.
   */
  static long smallFilesSince(Table table, RunRecord last, long targetFileSize) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return 0;
    }
    long threshold = (long) (targetFileSize * SMALL_FILE_RATIO);
    long small = 0;
    for (Snapshot snapshot : since(table, last)) {
      long files = summary(snapshot, SnapshotSummary.ADDED_FILES_PROP);
      long bytes = summary(snapshot, SnapshotSummary.ADDED_FILE_SIZE_PROP);
      if (!DataOperations.REPLACE.equals(snapshot.operation())
          && files > 0
          && bytes / files < threshold) {
        small += files;
      }
    }
    if (!current.summary().containsKey(SnapshotSummary.TOTAL_DATA_FILES_PROP)) {
      return small;
    }
    long total = summary(current, SnapshotSummary.TOTAL_DATA_FILES_PROP);
    long totalBytes = summary(current, SnapshotSummary.TOTAL_FILE_SIZE_PROP);
    if (last == null && total > 0 && totalBytes / total < threshold) {
      small = Math.max(small, total);
    }
    // Files deleted or overwritten since are no longer there to compact.
    return Math.min(small, total);
  }

  /** The commits to the current branch since a run, or in all its history when null. */
  static long commitsSince(Table table, RunRecord last) {
    return since(table, last).size();
  }

  /**
   * The current branch's snapshots committed after a run was planned, newest first: back to the
   * snapshot the run saw, or, when that one has left the history, back to the run's start time.
   * Snapshot ids, unlike times, do not depend on the clocks of the nodes that committed them.
   */
  private static List<Snapshot> since(Table table, RunRecord last) {
    Long seen = last == null ? null : last.startSnapshotId();
    // Without a run, or after one that saw an empty table, every snapshot is newer.
    Predicate<Snapshot> older = snapshot -> false;
    if (seen != null) {
      long started = last.started().toEpochMilli();
      older =
          SnapshotUtil.isAncestorOf(table, seen)
              ? snapshot -> snapshot.snapshotId() == seen
              : snapshot -> snapshot.timestampMillis() <= started;
    }
    List<Snapshot> snapshots = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (snapshots.size() >= MAX_SNAPSHOTS || older.test(snapshot)) {
        break;
      }
      snapshots.add(snapshot);
    }
    return snapshots;
  }

  private static long summary(Snapshot snapshot, String property) {
    String value = snapshot.summary() == null ? null : snapshot.summary().get(property);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
