package dev.firn.bench;

import dev.firn.bench.core.MachineInfo;
import dev.firn.bench.core.RunStamp;
import java.time.Duration;
import java.time.Instant;

/** The run the report tests describe: one morning on a two-core test machine. */
final class TestStamps {
  private TestStamps() {}

  /** A run that began at 08:00 on 22 November 2026 and took {@code took}. */
  static RunStamp took(Duration took) {
    return new RunStamp(
        Instant.parse("2026-11-22T08:00:00Z"),
        took,
        new MachineInfo(2, 24105, 6000, "Test CPU", "Linux", "17"));
  }
}
