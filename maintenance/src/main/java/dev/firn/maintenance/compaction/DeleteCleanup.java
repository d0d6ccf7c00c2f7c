package dev.firn.maintenance.compaction;

import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.Measure;
import java.util.List;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes the delete files that no live data file needs after compaction, in one commit. */
final class DeleteCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteCleanup.class);

  private final Table table;
  private final JobReport report;

  DeleteCleanup(Table table, JobReport report) {
    this.table = table;
    this.report = report;
  }

  void run() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return;
    }
    List<DeleteFile> dangling = new DanglingDeletes(table).find(current);
    if (dangling.isEmpty()) {
      return;
    }
    RowDelta removal = table.newRowDelta().validateFromSnapshot(current.snapshotId());
    dangling.forEach(removal::removeDeletes);
    removal.set(Compaction.JOB_PROPERTY, "compaction");
    try {
      removal.commit();
    } catch (ValidationException | CommitFailedException e) {
      // Harmless: the files stay until the next run finds them again.
      report.detail("removing " + dangling.size() + " delete files failed: " + e.getMessage());
      LOG.info("Compaction of {}: delete file removal deferred: {}", table.name(), e.toString());
      return;
    }
    report.add(Measure.DELETE_FILES_REMOVED, dangling.size());
    report.snapshot(table.currentSnapshot().snapshotId());
    dangling.forEach(file -> report.detail("removed " + DanglingDeletes.describe(file)));
  }
}
