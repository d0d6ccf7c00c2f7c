package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A job runner that counts the jobs running on each table at once. The first job on each table
 * stays open until the other node has been turned away from that table, so that the lease is tested
 * while held; later jobs do a little real work (loading the table) and return.
 */
final class ConcurrencyProbe implements JobRunner {
  /** A safety net: a first job gives up waiting for the other node after this long. */
  private static final long HOLD_SECONDS = 20;

  private final Catalog catalog;
  private final Clock clock;
  private final Map<TableIdentifier, AtomicInteger> running = new ConcurrentHashMap<>();
  private final Map<TableIdentifier, CountDownLatch> turnedAway = new ConcurrentHashMap<>();
  private final Set<TableIdentifier> held = ConcurrentHashMap.newKeySet();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger crossNodeBusy = new AtomicInteger();

  ConcurrencyProbe(Catalog catalog, Clock clock, List<TableIdentifier> tables) {
    this.catalog = catalog;
    this.clock = clock;
    for (TableIdentifier table : tables) {
      running.put(table, new AtomicInteger());
      turnedAway.put(table, new CountDownLatch(1));
    }
  }

  @Override
  public JobResult run(TableIdentifier table, JobKind kind, boolean dryRun) {
    calls.incrementAndGet();
    AtomicInteger count = running.get(table);
    int now = count.incrementAndGet();
    try {
      if (now > 1) {
        overlaps.incrementAndGet();
        throw new AssertionError(now + " jobs at once on " + table);
      }
      if (held.add(table)) {
        awaitOtherNode(table);
      } else {
        catalog.loadTable(table).snapshots().forEach(snapshot -> snapshot.summary().size());
      }
      return new JobReport(table.toString(), kind, dryRun, clock)
          .add(Measure.FILES_LISTED, 1)
          .done();
    } finally {
      count.decrementAndGet();
    }
  }

  /** Notes that a node was turned away from a table that a holder had. */
  void busy(TableIdentifier table, String node, String holder) {
    if (!holder.equals(node)) {
      crossNodeBusy.incrementAndGet();
      turnedAway.get(table).countDown();
    }
  }

  int overlaps() {
    return overlaps.get();
  }

  int calls() {
    return calls.get();
  }

  int crossNodeBusy() {
    return crossNodeBusy.get();
  }

  private void awaitOtherNode(TableIdentifier table) {
    try {
      turnedAway.get(table).await(HOLD_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while holding " + table, e);
    }
  }
}
