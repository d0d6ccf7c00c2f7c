package dev.firn.maintenance.spark;

import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.engine.SparkResultLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/** What the jobs read from a table's metadata besides what Iceberg's actions report. */
final class TableFacts {
  /**
   * The most detail lines a result carries, as many as the result line takes; a table can have
   * millions of orphans.
   */
  static final int MAX_DETAILS = SparkResultLine.MAX_DETAILS;

  private TableFacts() {}

  /**
   * The snapshots committed on the main branch since a snapshot, oldest first; empty when the
   * current snapshot is still that one. The table must have been refreshed.
   */
  static List<Snapshot> committedSince(Table table, Long startId) {
    List<Snapshot> committed = new ArrayList<>();
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null && !Long.valueOf(snapshot.snapshotId()).equals(startId)) {
      committed.add(snapshot);
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    Collections.reverse(committed);
    return committed;
  }

  /** Adds detail lines to a report, at most {@link #MAX_DETAILS}, then how many were left out. */
  static void details(JobReport report, List<String> lines) {
    lines.stream().limit(MAX_DETAILS).forEach(report::detail);
    if (lines.size() > MAX_DETAILS) {
      report.detail("... and " + (lines.size() - MAX_DETAILS) + " more");
    }
  }

  /** A snapshot summary's count, 0 when absent. */
  static long summaryCount(Snapshot snapshot, String property) {
    String value = snapshot.summary() == null ? null : snapshot.summary().get(property);
    return value == null ? 0 : Long.parseLong(value);
  }
}
