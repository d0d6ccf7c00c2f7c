package dev.firn.writer;

import java.util.List;

/**
 * The outcome of checking a branch.
 *
 * @param branch the branch checked
 * @param snapshotId its head snapshot
 * @param rows its row count
 * @param failures each failed check, as a sentence; empty when all pass
 */
public record Audit(String branch, long snapshotId, long rows, List<String> failures) {
  public boolean passed() {
    return failures.isEmpty();
  }
}
