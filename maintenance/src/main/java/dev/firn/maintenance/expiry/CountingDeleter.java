package dev.firn.maintenance.expiry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Deletes through another deleter and remembers what happened. Iceberg logs and swallows failed
 * deletions during expiry; this keeps them so the job's result can name them.
 */
final class CountingDeleter implements Consumer<String> {
  private final Consumer<String> deleter;
  private final AtomicLong deleted = new AtomicLong();
  private final Map<String, String> failed = new ConcurrentHashMap<>();

  CountingDeleter(Consumer<String> deleter) {
    this.deleter = deleter;
  }

  @Override
  public void accept(String path) {
    try {
      deleter.accept(path);
    } catch (RuntimeException e) {
      failed.put(path, e.getMessage() == null ? e.toString() : e.getMessage());
      throw e;
    }
    // Iceberg retries a failed deletion; one that succeeds later is no failure.
    failed.remove(path);
    deleted.incrementAndGet();
  }

  long deleted() {
    return deleted.get();
  }

  /** The paths that could not be deleted, with why, sorted by path. */
  Map<String, String> failed() {
    return new TreeMap<>(failed);
  }
}
