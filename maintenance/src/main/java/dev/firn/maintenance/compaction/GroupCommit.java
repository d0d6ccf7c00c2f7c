package dev.firn.maintenance.compaction;

import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.Measure;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rewrites one file group and commits it on its own, validated from the starting snapshot. */
final class GroupCommit {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private final Table table;
  private final Snapshot start;
  private final JobReport report;
  private final CompactionListener listener;

  GroupCommit(Table table, Snapshot start, JobReport report, CompactionListener listener) {
    this.table = table;
    this.start = start;
    this.report = report;
    this.listener = listener;
  }

  /** Returns whether the group committed; a failure is recorded in the report. */
  boolean rewriteAndCommit(RewriteFileGroup group, GroupRewrite rewriter) {
    List<DataFile> added;
    try {
      added = rewriter.write(group.fileScanTasks());
    } catch (RuntimeException e) {
      return failed(group, "rewrite", e);
    }
    listener.written(
        group.info().globalIndex(),
        Compaction.partitionPath(table, group),
        added.stream().mapToLong(DataFile::fileSizeInBytes).sum());
    long snapshotId;
    try {
      snapshotId = commit(group, added);
    } catch (CommitStateUnknownException e) {
      // The commit may have applied: its files may be live, so none is deleted.
      return failed(group, "commit (outcome unknown, files kept)", e);
    } catch (RuntimeException e) {
      // Validation and conflicts included: the commit did not apply, so its files are no one's.
      UncommittedFiles.delete(table, added);
      return failed(group, "commit", e);
    }
    // From here on the files are the table's: nothing below may delete them.
    report.add(Measure.GROUPS_COMMITTED, 1);
    report.add(Measure.FILES_REWRITTEN, group.rewrittenFiles().size());
    report.add(Measure.BYTES_REWRITTEN, group.inputFilesSizeInBytes());
    report.add(Measure.FILES_ADDED, added.size());
    report.add(Measure.BYTES_ADDED, added.stream().mapToLong(DataFile::fileSizeInBytes).sum());
    // Iceberg also drops the delete files scoped to the rewritten files in the same commit.
    report.add(Measure.DELETE_FILES_REMOVED, removedDeleteFiles(snapshotId));
    report.snapshot(snapshotId);
    report.detail(
        Compaction.describe(table, group)
            + ": committed "
            + added.size()
            + " files"
            + (rewriter.copied() ? " (row groups copied)" : ""));
    listener.finished(group.info().globalIndex(), true);
    return true;
  }

  private long commit(RewriteFileGroup group, List<DataFile> added) {
    // Group commits are serialized: concurrent ones would only race each other for the pointer.
    synchronized (table) {
      RewriteFiles rewrite =
          table
              .newRewrite()
              .validateFromSnapshot(start.snapshotId())
              .dataSequenceNumber(start.sequenceNumber());
      group.rewrittenFiles().forEach(rewrite::deleteFile);
      group.danglingDVs().forEach(rewrite::deleteFile);
      added.forEach(rewrite::addFile);
      rewrite.set(Compaction.JOB_PROPERTY, "compaction");
      rewrite.commit();
      return table.currentSnapshot().snapshotId();
    }
  }

  private boolean failed(RewriteFileGroup group, String step, RuntimeException e) {
    report.add(Measure.GROUPS_FAILED, 1);
    report.detail(Compaction.describe(table, group) + ": " + step + " failed: " + e.getMessage());
    LOG.info(
        "Compaction of {}: {} of {} failed: {}", table.name(), step, describe(group), e.toString());
    listener.finished(group.info().globalIndex(), false);
    return false;
  }

  private long removedDeleteFiles(long snapshotId) {
    String removed =
        table.snapshot(snapshotId).summary().get(SnapshotSummary.REMOVED_DELETE_FILES_PROP);
    return removed == null ? 0 : Long.parseLong(removed);
  }

  private static String describe(RewriteFileGroup group) {
    return "group " + group.info().globalIndex();
  }
}
