package dev.firn.bench.catalog;

import java.util.Map;

/**
 * One measured repetition of a {@link CommitScenario}.
 *
 * @param acknowledged the commits the catalog acknowledged
 * @param failures the commits that failed, by exception type
 * @param elapsedNanos the repetition's wall-clock time, until the last writer finished
 * @param latencies the latencies of acknowledged commits, client retries included
 * @param snapshotsAfter the snapshots the tables gained during the repetition, which should equal
 *     {@code acknowledged}
 */
record CommitRun(
    long acknowledged,
    Map<String, Long> failures,
    long elapsedNanos,
    Latencies latencies,
    int snapshotsAfter) {

  CommitRun {
    failures = Map.copyOf(failures);
  }

  double commitsPerSecond() {
    return acknowledged / (elapsedNanos / 1e9);
  }

  boolean snapshotsMatch() {
    return snapshotsAfter == acknowledged;
  }
}
