package dev.firn.bench.core;

import java.time.Duration;
import java.time.Instant;

/**
 * When a harness's run began, by the wall clock for its report, and how long it has run, by the
 * monotonic clock.
 */
public record Stopwatch(Instant started, long startNanos) {
  public static Stopwatch start() {
    return new Stopwatch(Instant.now(), System.nanoTime());
  }

  public Duration took() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
