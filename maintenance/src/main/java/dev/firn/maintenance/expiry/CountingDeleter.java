package dev.firn.maintenance.expiry;

import dev.firn.boundary.RefusedDeleteException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Deletes through another deleter and remembers what happened. Iceberg logs and swallows failed
 * deletions during expiry; this keeps them so the job's result can name them.
 *
 * <p>A delete the table's fence refused is neither a deletion nor a failure: it is kept apart and
 * not thrown on, because Iceberg runs its cleanup with {@code stopOnFailure()}, and a throw would
 * leave the table's own expired files behind as well.
 */
final class CountingDeleter implements Consumer<String> {
  private final Consumer<String> deleter;
  private final AtomicLong deleted = new AtomicLong();
  private final Map<String, String> failed = new ConcurrentHashMap<>();
  private final Map<String, String> refused = new ConcurrentHashMap<>();

  CountingDeleter(Consumer<String> deleter) {
    this.deleter = deleter;
  }

  @Override
  public void accept(String path) {
    try {
      deleter.accept(path);
    } catch (RefusedDeleteException e) {
      refused.put(path, e.getMessage());
      return;
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

  /** The paths the table's fence refused to delete, with why, sorted by path. */
  Map<String, String> refused() {
    return new TreeMap<>(refused);
  }
}
