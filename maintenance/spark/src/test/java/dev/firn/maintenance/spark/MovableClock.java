package dev.firn.maintenance.spark;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still where a test puts it, so that a test can let days pass. */
final class MovableClock extends Clock {
  private volatile Instant now;

  MovableClock(Instant now) {
    this.now = now;
  }

  void set(Instant instant) {
    this.now = instant;
  }

  void advance(Duration duration) {
    this.now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("A movable clock stays in UTC");
  }
}
