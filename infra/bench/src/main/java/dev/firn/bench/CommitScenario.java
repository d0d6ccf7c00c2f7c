package dev.firn.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Writers appending one data file per commit to one fresh table, each through its own {@code
 * RESTCatalog} client, as independent processes would. Concurrent writers conflict, and Iceberg's
 * client retries against refreshed metadata.
 *
 * @param writers the writers committing at once
 */
record CommitScenario(int writers) {

  String title() {
    return "Commits, " + writers + (writers == 1 ? " writer" : " writers");
  }

  /**
   * Creates {@code table}, measures commits to it, counts its snapshots, then drops it and deletes
   * its files, so every repetition starts from an empty table.
   */
  CommitRun run(
      CatalogEndpoint endpoint,
      TableIdentifier table,
      Duration window,
      int maxCommits,
      WarehouseObjects objects) {
    RESTCatalog admin = endpoint.connect("bench-admin");
    try {
      String location = BenchTables.createCommitTable(admin, table).location();
      try {
        return measure(endpoint, admin, table, window, maxCommits);
      } finally {
        admin.dropTable(table, false);
        objects.deleteUnder(location);
      }
    } finally {
      closeQuietly(admin);
    }
  }

  private CommitRun measure(
      CatalogEndpoint endpoint,
      RESTCatalog admin,
      TableIdentifier table,
      Duration window,
      int maxCommits) {
    List<RESTCatalog> clients = new ArrayList<>();
    try {
      List<Table> tables = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        RESTCatalog client = endpoint.connect("bench-writer-" + i);
        clients.add(client);
        tables.add(client.loadTable(table));
      }
      long[] nanos = new long[maxCommits];
      AtomicInteger tickets = new AtomicInteger();
      Map<String, LongAdder> failures = new ConcurrentHashMap<>();
      long elapsed =
          Workers.run(
              writers,
              window.toNanos(),
              (writer, deadline) ->
                  commitUntil(tables.get(writer), deadline, tickets, nanos, failures));
      int attempted = Math.min(tickets.get(), maxCommits);
      Latencies latencies = Latencies.of(nanos, attempted);
      int snapshots = BenchTables.snapshotCount(admin.loadTable(table));
      Map<String, Long> failed = new TreeMap<>();
      failures.forEach((type, count) -> failed.put(type, count.sum()));
      return new CommitRun(attempted, latencies.count(), failed, elapsed, latencies, snapshots);
    } finally {
      clients.forEach(CommitScenario::closeQuietly);
    }
  }

  private static void commitUntil(
      Table table,
      long deadline,
      AtomicInteger tickets,
      long[] nanos,
      Map<String, LongAdder> failures) {
    while (System.nanoTime() < deadline) {
      int ticket = tickets.getAndIncrement();
      if (ticket >= nanos.length) {
        return;
      }
      long start = System.nanoTime();
      try {
        table.newFastAppend().appendFile(BenchTables.fakeDataFile(table, ticket)).commit();
        nanos[ticket] = System.nanoTime() - start;
      } catch (RuntimeException e) {
        nanos[ticket] = -1;
        failures.computeIfAbsent(e.getClass().getSimpleName(), type -> new LongAdder()).increment();
      }
    }
  }

  private static void closeQuietly(RESTCatalog catalog) {
    try {
      catalog.close();
    } catch (IOException e) {
      // Closing a client only releases its connections.
    }
  }
}
