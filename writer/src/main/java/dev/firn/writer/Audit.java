package dev.firn.writer;

import java.util.List;

/**
 * The outcome of checking a branch, and of publishing it.
 *
 * @param branch the branch checked
 * @param snapshotId its head snapshot
 * @param rows its row count
 * @param changes the branch's own snapshots, those {@code main} does not hold, oldest first
 * @param addedRows the rows those snapshots add
 * @param failures each failed check, as a sentence; empty when all pass
 * @param publishedSnapshotId the head of {@code main} after a publish; null for a check alone
 */
public record Audit(
    String branch,
    long snapshotId,
    long rows,
    List<Long> changes,
    long addedRows,
    List<String> failures,
    Long publishedSnapshotId) {
  public Audit {
    changes = List.copyOf(changes);
    failures = List.copyOf(failures);
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  Audit published(long mainSnapshotId) {
    return new Audit(branch, snapshotId, rows, changes, addedRows, failures, mainSnapshotId);
  }
}
