package dev.firn.bench.catalog;

import java.util.Arrays;

/** The latencies of one repetition's successful operations, sorted, for percentiles. */
final class Latencies {
  private final long[] sortedNanos;

  private Latencies(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  /** The first {@code count} entries of {@code nanos}; negative entries mark failures. */
  static Latencies of(long[] nanos, int count) {
    long[] valid =
        Arrays.stream(nanos, 0, Math.min(count, nanos.length)).filter(n -> n >= 0).toArray();
    Arrays.sort(valid);
    return new Latencies(valid);
  }

  int count() {
    return sortedNanos.length;
  }

  /** The nearest-rank percentile in milliseconds, or NaN without samples. */
  double percentileMillis(double percentile) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1e6;
  }
}
