package dev.firn.writer;

import dev.firn.boundary.FencedTable;
import dev.firn.writer.commit.BranchChanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Write-audit-publish: checks a branch's rows and its own changes, then publishes them to {@code
 * main} only when every check passes. {@link #apply()} runs the checks alone.
 */
public final class Publish {
  private final Catalog catalog;
  private final TableIdentifier id;
  private final String branch;
  private BranchChecks checks = BranchChecks.none();

  Publish(Catalog catalog, TableIdentifier id, String branch) {
    this.catalog = catalog;
    this.id = id;
    this.branch = branch;
  }

  public Publish checks(BranchChecks branchChecks) {
    this.checks = branchChecks;
    return this;
  }

  /** Runs the checks on the branch; changes nothing. */
  public Audit apply() {
    Table table = load();
    return audit(table);
  }

  /**
   * Runs the checks and, when they pass, publishes the branch's own snapshots to {@code main} in
   * one commit: a fast-forward when {@code main} is where the branch left it, else the branch's
   * snapshots applied again on top of {@code main} (after a compaction, say), with the branch moved
   * to {@code main}'s new head in the same commit. Either way the branch ends on {@code main}, so
   * the next load to it starts from {@code main}; a load that reached the branch after the checks
   * makes the commit fail (replay) or stays on the branch for the next publish (fast-forward).
   *
   * @throws ValidationException when a check fails or a change cannot be applied again (main is
   *     unchanged)
   */
  public Audit commit() {
    Table table = load();
    Audit audit = audit(table);
    if (!audit.passed()) {
      throw new ValidationException(
          "Branch %s of %s failed its checks; main is unchanged: %s",
          branch, id, String.join("; ", audit.failures()));
    }
    BranchChanges changes = BranchChanges.of(table, branch);
    Transaction transaction = table.newTransaction();
    Snapshot main = table.snapshot(SnapshotRef.MAIN_BRANCH);
    if (main == null) {
      transaction
          .manageSnapshots()
          .createBranch(SnapshotRef.MAIN_BRANCH, audit.snapshotId())
          .commit();
    } else if (changes.fastForwards()) {
      transaction.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch).commit();
    } else {
      changes.replayOnMain(transaction);
      // Moving the branch asserts it is still at the audited head: a load that reached it since
      // makes this commit fail instead of being dropped.
      long published = transaction.table().snapshot(SnapshotRef.MAIN_BRANCH).snapshotId();
      transaction.manageSnapshots().replaceBranch(branch, published).commit();
    }
    transaction.commitTransaction();
    Snapshot published = catalog.loadTable(id).snapshot(SnapshotRef.MAIN_BRANCH);
    return audit.published(published.snapshotId());
  }

  private Table load() {
    return FencedTable.of(catalog.loadTable(id)).table();
  }

  private Audit audit(Table table) {
    Snapshot head = table.snapshot(branch);
    if (head == null) {
      throw new IllegalArgumentException("Table " + id + " has no branch " + branch);
    }
    Set<String> columns = new LinkedHashSet<>(checks.notNull());
    columns.addAll(checks.uniqueKey());
    for (String column : columns) {
      if (table.schema().findField(column) == null) {
        throw new IllegalArgumentException("Table " + id + " has no column " + column);
      }
    }
    Map<String, Long> nulls = new HashMap<>();
    Set<List<Object>> keys = new HashSet<>();
    long duplicates = 0;
    long rows = 0;
    var scan = IcebergGenerics.read(table).useSnapshot(head.snapshotId());
    if (!columns.isEmpty()) {
      scan = scan.select(columns.toArray(String[]::new));
    }
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record record : records) {
        rows++;
        for (String column : checks.notNull()) {
          if (record.getField(column) == null) {
            nulls.merge(column, 1L, Long::sum);
          }
        }
        if (!checks.uniqueKey().isEmpty()) {
          Object[] key = checks.uniqueKey().stream().map(record::getField).toArray();
          if (!keys.add(Arrays.asList(key))) {
            duplicates++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BranchChanges changes = BranchChanges.of(table, branch);
    List<String> failures = failures(rows, nulls, duplicates);
    if (!changes.fastForwards()) {
      // Main moved on since the branch left it: each own change must apply again on top.
      changes.snapshots().stream()
          .map(changes::whyNotReplayable)
          .filter(java.util.Objects::nonNull)
          .map(why -> why + ", and main has moved on since the branch left it: load it again")
          .forEach(failures::add);
    }
    return new Audit(
        branch,
        head.snapshotId(),
        rows,
        changes.snapshots().stream().map(Snapshot::snapshotId).toList(),
        changes.addedRows(),
        failures,
        null);
  }

  private List<String> failures(long rows, Map<String, Long> nulls, long duplicates) {
    List<String> failures = new ArrayList<>();
    if (checks.minRows() != null && rows < checks.minRows()) {
      failures.add("has " + rows + " rows, fewer than " + checks.minRows());
    }
    if (checks.maxRows() != null && rows > checks.maxRows()) {
      failures.add("has " + rows + " rows, more than " + checks.maxRows());
    }
    nulls.forEach((column, count) -> failures.add(count + " rows have a null " + column));
    if (duplicates > 0) {
      failures.add(duplicates + " rows repeat a key " + checks.uniqueKey());
    }
    return failures;
  }
}
