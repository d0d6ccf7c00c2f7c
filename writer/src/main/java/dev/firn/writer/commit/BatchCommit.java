package dev.firn.writer.commit;

import dev.firn.writer.TableWriter;
import dev.firn.writer.WriteMode;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.ReplacePartitions;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;

/**
 * Commits a written batch as one snapshot in its mode, stamped with the batch id. Retries a commit
 * another writer beat (Iceberg's own retries included), checking the history for the batch before
 * each attempt, so a batch lands once however many writers race.
 */
public final class BatchCommit {
  /** How many times a commit is tried against other writers' commits. */
  public static final int ATTEMPTS = 10;

  private final Table table;
  private final WriteMode mode;
  private final String branch;
  private final String batchId;
  private final Expression filter;
  private final Long startSnapshotId;

  public BatchCommit(
      Table table,
      WriteMode mode,
      String branch,
      String batchId,
      Expression filter,
      Long startSnapshotId) {
    this.table = table;
    this.mode = mode;
    this.branch = branch;
    this.batchId = batchId;
    this.filter = filter;
    this.startSnapshotId = startSnapshotId;
  }

  /** The result of a commit: the snapshot, and whether an earlier attempt or run made it. */
  public record Outcome(Snapshot snapshot, boolean earlier) {}

  /**
   * Commits the files. A failure whose outcome is unknown (a lost reply, a server error) is checked
   * against the table's history: found, it is the commit; not found, it surfaces as {@code
   * CommitStateUnknownException} and the caller keeps the files, since the commit may still have
   * applied. On any other failure the commit definitely did not happen and the caller discards
   * them.
   */
  public Outcome commit(WrittenFiles files) {
    for (int attempt = 1; ; attempt++) {
      table.refresh();
      Snapshot earlier = BatchHistory.find(table, branch, batchId);
      if (earlier != null) {
        return new Outcome(earlier, true);
      }
      SnapshotUpdate<?> update = update(Updates.of(table), mode, filter, startSnapshotId, files);
      stamp(update, mode, branch, batchId);
      try {
        // The commit leaves the table at its new metadata: no reload needed.
        update.commit();
        return new Outcome(BatchHistory.find(table, branch, batchId), false);
      } catch (CommitFailedException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      } catch (ValidationException | CommitStateUnknownException e) {
        throw e;
      } catch (RuntimeException e) {
        // A lost reply or a server error: the commit may have applied. Look, and never guess.
        Snapshot landed = lookAgain();
        if (landed != null) {
          return new Outcome(landed, false);
        }
        throw new CommitStateUnknownException(e);
      }
    }
  }

  private Snapshot lookAgain() {
    try {
      table.refresh();
      return BatchHistory.find(table, branch, batchId);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Stamps an update with the batch and sends it to its branch. */
  public static void stamp(
      SnapshotUpdate<?> update, WriteMode mode, String branch, String batchId) {
    update.set(TableWriter.BATCH_ID, batchId);
    update.set(TableWriter.WRITE_MODE, mode.label());
    if (!branch.equals(SnapshotRef.MAIN_BRANCH)) {
      update.toBranch(branch);
    }
  }

  /** Where snapshot updates come from: a table, or a transaction that also changes its schema. */
  public interface Updates {
    AppendFiles newAppend();

    OverwriteFiles newOverwrite();

    ReplacePartitions newReplacePartitions();

    RowDelta newRowDelta();

    static Updates of(Table table) {
      return new Updates() {
        @Override
        public AppendFiles newAppend() {
          return table.newAppend();
        }

        @Override
        public OverwriteFiles newOverwrite() {
          return table.newOverwrite();
        }

        @Override
        public ReplacePartitions newReplacePartitions() {
          return table.newReplacePartitions();
        }

        @Override
        public RowDelta newRowDelta() {
          return table.newRowDelta();
        }
      };
    }

    static Updates of(Transaction transaction) {
      return new Updates() {
        @Override
        public AppendFiles newAppend() {
          return transaction.newAppend();
        }

        @Override
        public OverwriteFiles newOverwrite() {
          return transaction.newOverwrite();
        }

        @Override
        public ReplacePartitions newReplacePartitions() {
          return transaction.newReplacePartitions();
        }

        @Override
        public RowDelta newRowDelta() {
          return transaction.newRowDelta();
        }
      };
    }
  }

  /** The snapshot update that adds a written batch in its mode. */
  public static SnapshotUpdate<?> update(
      Updates table, WriteMode mode, Expression filter, Long startSnapshotId, WrittenFiles files) {
    switch (mode) {
      case APPEND:
        {
          AppendFiles append = table.newAppend();
          files.dataFiles().forEach(append::appendFile);
          return append;
        }
      case OVERWRITE:
        return filter == null
            ? replacePartitions(table, startSnapshotId, files)
            : overwrite(table, filter, startSnapshotId, files);
      default:
        {
          RowDelta delta = table.newRowDelta();
          files.dataFiles().forEach(delta::addRows);
          files.deleteFiles().forEach(delta::addDeletes);
          if (startSnapshotId != null) {
            delta.validateFromSnapshot(startSnapshotId);
          }
          return delta;
        }
    }
  }

  private static ReplacePartitions replacePartitions(
      Updates table, Long startSnapshotId, WrittenFiles files) {
    ReplacePartitions replace = table.newReplacePartitions();
    files.dataFiles().forEach(replace::addFile);
    if (startSnapshotId != null) {
      replace.validateFromSnapshot(startSnapshotId);
    }
    return replace.validateNoConflictingData().validateNoConflictingDeletes();
  }

  private static OverwriteFiles overwrite(
      Updates table, Expression filter, Long startSnapshotId, WrittenFiles files) {
    OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(filter);
    files.dataFiles().forEach(overwrite::addFile);
    if (startSnapshotId != null) {
      overwrite.validateFromSnapshot(startSnapshotId);
    }
    return overwrite
        .conflictDetectionFilter(filter)
        .validateNoConflictingData()
        .validateNoConflictingDeletes();
  }
}
