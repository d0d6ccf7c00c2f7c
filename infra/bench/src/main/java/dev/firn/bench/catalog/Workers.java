package dev.firn.bench.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a loop on several threads at once and times it, from the moment all threads start to the
 * moment the last one ends. Each loop is bounded by the deadline it is given.
 */
final class Workers {
  /** One thread's loop, running until {@code deadlineNanos} (of {@link System#nanoTime()}). */
  interface Loop {
    void run(int worker, long deadlineNanos) throws Exception;
  }

  private Workers() {}

  /** Runs {@code loop} on {@code threads} threads for about {@code windowNanos}; elapsed nanos. */
  static long run(int threads, long windowNanos, Loop loop) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      long deadline = start + windowNanos;
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int worker = i;
        tasks.add(
            () -> {
              loop.run(worker, deadline);
              return null;
            });
      }
      List<Future<Void>> done = pool.invokeAll(tasks);
      long elapsed = System.nanoTime() - start;
      for (Future<Void> future : done) {
        future.get();
      }
      return elapsed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while measuring", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A measuring thread failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
