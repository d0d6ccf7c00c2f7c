package dev.firn.maintenance.orphans;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs one task per item on an executor and waits for all; the first failure fails the whole. */
final class Parallel {
  private Parallel() {}

  static <T> void forEach(ExecutorService executor, Collection<T> items, Consumer<T> task) {
    List<Future<?>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(executor.submit(() -> task.accept(item)));
    }
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("Interrupted while reading table metadata");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } finally {
      // After a failure the remaining reads are of no use.
      futures.forEach(future -> future.cancel(true));
    }
  }
}
