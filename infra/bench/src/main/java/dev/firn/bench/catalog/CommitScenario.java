package dev.firn.bench.catalog;

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
 * Writers appending one data file per commit to fresh tables, each writer through its own {@code
 * RESTCatalog} client, as independent processes would. On one table concurrent writers conflict,
 * and Iceberg's client retries against refreshed metadata; over several tables, commit {@code n}
 * goes to table {@code n} modulo their number, whichever writer makes it, the same on every side.
 *
 * @param writers the writers committing at once
 * @param tables the tables they commit to
 */
public record CommitScenario(int writers, int tables) {
  public CommitScenario {
    if (writers < 1 || tables < 1) {
      throw new IllegalArgumentException(
          "Invalid commit scenario: " + writers + " writers, " + tables + " tables (each >= 1)");
    }
  }

  /** Writers on one table. */
  public CommitScenario(int writers) {
    this(writers, 1);
  }

  /**
   * "Commits, 8 writers" on one table; "Commits over 32 tables, 8 writers" otherwise, so that the
   * goals of writers on one table do not apply to it.
   */
  public String title() {
    String writing = writers + (writers == 1 ? " writer" : " writers");
    return tables == 1 ? "Commits, " + writing : "Commits over " + tables + " tables, " + writing;
  }

  /** The name of the tables of one repetition, told apart by {@code repetition}. */
  String tableName(int repetition) {
    return "commits_" + writers + "w_" + tables + "t_" + repetition;
  }

  /**
   * Whether each repetition gets fresh tables. Writers on one table do; over several tables, the
   * tables are created once per side and kept for every repetition: creating and dropping 32 tables
   * per repetition would cost more than the repetition, and a few snapshots more per table change
   * little.
   */
  boolean freshTables() {
    return tables == 1;
  }

  /**
   * Creates fresh tables named after {@code name}, measures commits to them, then drops them and
   * deletes their files, so every repetition starts from empty tables.
   */
  CommitRun run(
      CatalogEndpoint endpoint,
      String name,
      Duration window,
      int maxCommits,
      WarehouseObjects objects) {
    List<Created> created = create(endpoint, name);
    try {
      return measure(endpoint, created, window, maxCommits);
    } finally {
      drop(endpoint, created, objects);
    }
  }

  /** A table of the scenario and where its files are. */
  record Created(TableIdentifier id, String location) {}

  /** Creates the scenario's tables, {@code name} or {@code name_0}, {@code name_1}, .... */
  List<Created> create(CatalogEndpoint endpoint, String name) {
    RESTCatalog admin = endpoint.connect("bench-admin");
    try {
      List<Created> created = new ArrayList<>();
      for (int i = 0; i < tables; i++) {
        TableIdentifier id =
            TableIdentifier.of(BenchTables.NAMESPACE, tables == 1 ? name : name + "_" + i);
        created.add(new Created(id, BenchTables.createCommitTable(admin, id).location()));
      }
      return created;
    } finally {
      closeQuietly(admin);
    }
  }

  /** Drops the tables and deletes their files. */
  private void drop(CatalogEndpoint endpoint, List<Created> created, WarehouseObjects objects) {
    RESTCatalog admin = endpoint.connect("bench-admin");
    try {
      for (Created table : created) {
        admin.dropTable(table.id(), false);
        objects.deleteUnder(table.location());
      }
    } finally {
      closeQuietly(admin);
    }
  }

  /** Measures commits to existing tables; the run counts the snapshots they gained. */
  CommitRun measure(
      CatalogEndpoint endpoint, List<Created> created, Duration window, int maxCommits) {
    List<TableIdentifier> ids = created.stream().map(Created::id).toList();
    List<RESTCatalog> clients = new ArrayList<>();
    RESTCatalog admin = endpoint.connect("bench-admin");
    clients.add(admin);
    try {
      int snapshotsBefore = snapshots(admin, ids);
      // Each writer loads every table before the window opens: loading is not a commit.
      List<List<Table>> loaded = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        RESTCatalog client = endpoint.connect("bench-writer-" + i);
        clients.add(client);
        List<Table> writerTables = new ArrayList<>();
        ids.forEach(id -> writerTables.add(client.loadTable(id)));
        loaded.add(writerTables);
      }
      long[] nanos = new long[maxCommits];
      AtomicInteger tickets = new AtomicInteger();
      Map<String, LongAdder> failures = new ConcurrentHashMap<>();
      long elapsed =
          Workers.run(
              writers,
              window.toNanos(),
              (writer, deadline) ->
                  commitUntil(loaded.get(writer), deadline, tickets, nanos, failures));
      int attempted = Math.min(tickets.get(), maxCommits);
      Latencies latencies = Latencies.of(nanos, attempted);
      int added = snapshots(admin, ids) - snapshotsBefore;
      Map<String, Long> failed = new TreeMap<>();
      failures.forEach((type, count) -> failed.put(type, count.sum()));
      return new CommitRun(latencies.count(), failed, elapsed, latencies, added);
    } finally {
      clients.forEach(CommitScenario::closeQuietly);
    }
  }

  private static int snapshots(RESTCatalog admin, List<TableIdentifier> ids) {
    int count = 0;
    for (TableIdentifier id : ids) {
      count += BenchTables.snapshotCount(admin.loadTable(id));
    }
    return count;
  }

  private static void commitUntil(
      List<Table> tables,
      long deadline,
      AtomicInteger tickets,
      long[] nanos,
      Map<String, LongAdder> failures) {
    while (System.nanoTime() < deadline) {
      int ticket = tickets.getAndIncrement();
      if (ticket >= nanos.length) {
        return;
      }
      Table table = tables.get(ticket % tables.size());
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
