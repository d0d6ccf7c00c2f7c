package dev.firn.maintenance.expiry;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Works out which snapshots an expiry removes by asking Iceberg's own {@link ExpireSnapshots}, so
 * that branch and tag retention count exactly as they will on commit.
 *
 * <p>Iceberg cannot spare a single snapshot. When a protected snapshot would expire, the cutoff is
 * lowered to its timestamp, which keeps it on any branch that follows the table's retention; if it
 * would still expire, through a branch with its own retention, nothing expires.
 */
final class ExpiryPlanner {
  static final Comparator<Snapshot> OLDEST_FIRST =
      Comparator.comparingLong(Snapshot::timestampMillis).thenComparingLong(Snapshot::snapshotId);

  private final Table table;
  private final int minKept;
  private final Set<Long> protectedIds;

  ExpiryPlanner(Table table, int minKept, Set<Long> protectedIds) {
    this.table = table;
    this.minKept = minKept;
    this.protectedIds = Set.copyOf(protectedIds);
  }

  /** Iceberg's expiry of the snapshots older than the cutoff, keeping the last min-kept. */
  ExpireSnapshots expiry(long cutoffMillis) {
    return table.expireSnapshots().expireOlderThan(cutoffMillis).retainLast(minKept);
  }

  ExpiryPlan plan(long cutoffMillis) {
    List<Snapshot> expiring = expiring(cutoffMillis);
    List<Snapshot> hit = protectedAmong(expiring);
    if (hit.isEmpty()) {
      return new ExpiryPlan(cutoffMillis, expiring, List.of(), false);
    }
    // Lowering the cutoff only ever keeps more, so one more look settles it. A protected snapshot
    // younger than the cutoff expires through a ref's own retention, which no cutoff changes.
    long lowered =
        Math.min(
            cutoffMillis, hit.stream().mapToLong(Snapshot::timestampMillis).min().orElseThrow());
    List<Snapshot> stillExpiring = expiring(lowered);
    List<Snapshot> stillHit = protectedAmong(stillExpiring);
    if (!stillHit.isEmpty()) {
      return new ExpiryPlan(
          lowered, List.of(), stillHit.stream().map(this::blocked).toList(), true);
    }
    String note =
        String.format(
            "Kept snapshots %s that running compactions started from: cutoff lowered from %s to %s",
            ids(hit), Instant.ofEpochMilli(cutoffMillis), Instant.ofEpochMilli(lowered));
    return new ExpiryPlan(lowered, stillExpiring, List.of(note), false);
  }

  private List<Snapshot> expiring(long cutoffMillis) {
    return expiry(cutoffMillis).apply().stream().sorted(OLDEST_FIRST).toList();
  }

  private List<Snapshot> protectedAmong(List<Snapshot> snapshots) {
    return snapshots.stream().filter(s -> protectedIds.contains(s.snapshotId())).toList();
  }

  private String blocked(Snapshot snapshot) {
    String branches =
        table.refs().entrySet().stream()
            .filter(ref -> ref.getValue().isBranch() && reaches(ref.getValue(), snapshot))
            .map(Map.Entry::getKey)
            .sorted()
            .collect(Collectors.joining(", "));
    return String.format(
        "Expired nothing: snapshot %d, which a running compaction started from, would expire"
            + " whatever the cutoff (reached through %s, by its own retention)",
        snapshot.snapshotId(), branches.isEmpty() ? "no branch" : "branch " + branches);
  }

  private boolean reaches(SnapshotRef ref, Snapshot snapshot) {
    Snapshot head = table.snapshot(ref.snapshotId());
    return head != null
        && SnapshotUtil.ancestorIds(head, table::snapshot).contains(snapshot.snapshotId());
  }

  private static String ids(List<Snapshot> snapshots) {
    return snapshots.stream()
        .map(s -> String.valueOf(s.snapshotId()))
        .collect(Collectors.joining(", "));
  }
}
