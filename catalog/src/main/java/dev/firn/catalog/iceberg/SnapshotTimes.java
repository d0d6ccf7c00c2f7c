package dev.firn.catalog.iceberg;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * Snapshot times are the server's business: expiry decides by them. A snapshot a commit adds may
 * not be stamped more than a tolerance before the table's last update, nor after the server's clock
 * now beyond a tolerance for clocks that disagree a little and requests in flight. A table's first
 * version has no lower bound: a transaction that creates a table stages its snapshots as it goes,
 * which may take long. Registered metadata keeps its history as it is.
 */
final class SnapshotTimes {
  /** How far before the table's last update an added snapshot may be stamped. */
  static final Duration PAST_TOLERANCE = Duration.ofMinutes(5);

  /** How far after the server's clock an added snapshot may be stamped (Iceberg's own bound). */
  static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

  private SnapshotTimes() {}

  /**
   * Checks the snapshots {@code metadata} adds to {@code base}.
   *
   * @throws BadRequestException naming the snapshot and its time
   */
  static void check(TableIdentifier id, TableMetadata base, TableMetadata metadata, Clock clock) {
    long now = clock.millis();
    // The last update is the time of the last commit, or of its newest snapshot: never later than
    // the clock, or a skewed one would block every commit after it.
    long earliest =
        base == null
            ? Long.MIN_VALUE
            : Math.min(base.lastUpdatedMillis(), now) - PAST_TOLERANCE.toMillis();
    long latest = now + FUTURE_TOLERANCE.toMillis();
    for (Snapshot snapshot : metadata.snapshots()) {
      if (AddedPaths.isKept(base, snapshot)) {
        continue;
      }
      long time = snapshot.timestampMillis();
      if (time < earliest) {
        throw new BadRequestException(
            "Invalid timestamp-ms of snapshot %s for %s: %s is before the table's last update at"
                + " %s (snapshot times may not go back more than %s)",
            snapshot.snapshotId(),
            id,
            Instant.ofEpochMilli(time),
            Instant.ofEpochMilli(earliest + PAST_TOLERANCE.toMillis()),
            PAST_TOLERANCE);
      }
      if (time > latest) {
        throw new BadRequestException(
            "Invalid timestamp-ms of snapshot %s for %s: %s is in the future (the server's clock"
                + " says %s)",
            snapshot.snapshotId(), id, Instant.ofEpochMilli(time), Instant.ofEpochMilli(now));
      }
    }
  }
}
