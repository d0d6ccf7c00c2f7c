package dev.firn.catalog.journal;

import dev.firn.catalog.journal.JournalRecords.NamespaceRecord;
import dev.firn.catalog.journal.JournalRecords.ObjectRecord;
import dev.firn.catalog.store.NamespaceStore;
import dev.firn.catalog.store.StoreChanges;
import dev.firn.catalog.store.TableStore;
import dev.firn.catalog.store.TableStore.StoredObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog journal in step with the database: told of every name that changed, it reads
 * what the database holds for that name now and writes it to the warehouse, or deletes the record
 * when the name is gone. Writes follow the change within a fraction of a second, on one background
 * thread, coalesced per name; a failed write is tried again. At start every record is written once,
 * so that commits a crash kept from the journal reach it.
 *
 * <p>A catalog database that holds no table while the journal holds some is a lost database about
 * to be recovered, not an empty catalog: then the journal stays untouched, and the log says to run
 * {@code firn recover}.
 */
public final class CatalogJournal implements StoreChanges, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogJournal.class);

  /** How long a change waits for others to share its write. */
  static final Duration DELAY = Duration.ofMillis(100);

  /** How long a failed write waits before it is tried again. */
  static final Duration RETRY = Duration.ofSeconds(5);

  private final JournalRecords records;
  private final TableStore tables;
  private final NamespaceStore namespaces;
  private final Set<TableIdentifier> pendingObjects = ConcurrentHashMap.newKeySet();
  private final Set<Namespace> pendingNamespaces = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService writer;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final LongAdder writes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final boolean held;

  private CatalogJournal(
      JournalRecords records, TableStore tables, NamespaceStore namespaces, boolean held) {
    this.records = records;
    this.tables = tables;
    this.namespaces = namespaces;
    this.held = held;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "firn-journal");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts keeping the journal of the catalog under {@code warehouse}: listens to both stores and
   * writes every record once in the background.
   */
  public static CatalogJournal start(
      FileIO io, String warehouse, TableStore tables, NamespaceStore namespaces) {
    JournalRecords records = new JournalRecords(io, warehouse);
    Map<TableIdentifier, StoredObject> objects = tables.all();
    boolean held = objects.isEmpty() && records.holdsObjects();
    CatalogJournal journal = new CatalogJournal(records, tables, namespaces, held);
    if (held) {
      LOG.warn(
          "The warehouse {} holds a catalog journal with tables, and this catalog database holds"
              + " none: it looks like a lost database. Stop, and run firn recover to rebuild it from"
              + " the warehouse; until then this node leaves the journal as it is. (To start an"
              + " empty catalog on this warehouse instead, delete {} first.)",
          warehouse,
          records.objectsFolder());
      return journal;
    }
    tables.tell(journal);
    namespaces.tell(journal);
    journal.pendingObjects.addAll(objects.keySet());
    journal.pendingNamespaces.addAll(namespaces.all().keySet());
    journal.schedule(Duration.ZERO);
    return journal;
  }

  /** Whether this node leaves the journal alone, its database looking lost (see above). */
  public boolean held() {
    return held;
  }

  @Override
  public void objectChanged(TableIdentifier id) {
    pendingObjects.add(id);
    schedule(DELAY);
  }

  @Override
  public void namespaceChanged(Namespace namespace) {
    pendingNamespaces.add(namespace);
    schedule(DELAY);
  }

  /** Names changed and not written yet. */
  public long pending() {
    return pendingObjects.size() + pendingNamespaces.size();
  }

  public long writes() {
    return writes.sum();
  }

  public long failures() {
    return failures.sum();
  }

  /** Writes every pending record now, on the caller's thread; true when none failed. */
  public synchronized boolean flush() {
    scheduled.set(false);
    List<String> failed = new ArrayList<>();
    for (TableIdentifier id : drain(pendingObjects)) {
      try {
        Optional<StoredObject> now = tables.find(id);
        if (now.isPresent()) {
          records.write(new ObjectRecord(id, now.get().kind(), now.get().metadataLocation()));
        } else {
          records.delete(records.objectKey(id));
        }
        writes.increment();
      } catch (RuntimeException e) {
        pendingObjects.add(id);
        failed.add(id + ": " + e);
      }
    }
    for (Namespace namespace : drain(pendingNamespaces)) {
      try {
        Map<String, String> properties;
        try {
          properties = namespaces.properties(namespace);
        } catch (NoSuchNamespaceException gone) {
          properties = null;
        }
        if (properties != null) {
          records.write(new NamespaceRecord(namespace, properties));
        } else {
          records.delete(records.namespaceKey(namespace));
        }
        writes.increment();
      } catch (RuntimeException e) {
        pendingNamespaces.add(namespace);
        failed.add(namespace + ": " + e);
      }
    }
    if (!failed.isEmpty()) {
      failures.add(failed.size());
      LOG.warn(
          "Cannot write {} catalog journal records (trying again in {} s), first: {}",
          failed.size(),
          RETRY.toSeconds(),
          failed.get(0));
      return false;
    }
    return true;
  }

  private static <T> List<T> drain(Set<T> pending) {
    List<T> taken = new ArrayList<>();
    for (T item : pending) {
      if (pending.remove(item)) {
        taken.add(item);
      }
    }
    return taken;
  }

  private void schedule(Duration delay) {
    if (writer.isShutdown() || !scheduled.compareAndSet(false, true)) {
      return;
    }
    writer.schedule(
        () -> {
          if (!flush()) {
            schedule(RETRY);
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Stops listening and writes what is pending, once. */
  @Override
  public void close() {
    if (!held) {
      tables.tell(StoreChanges.NONE);
      namespaces.tell(StoreChanges.NONE);
    }
    writer.shutdownNow();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!held && pending() > 0 && !flush()) {
      LOG.warn("{} catalog journal records were not written before the catalog stopped", pending());
    }
  }
}
