package dev.firn.bench;

import dev.firn.bench.core.FigureRow;
import dev.firn.bench.core.MachineInfo;
import dev.firn.bench.core.RunStamp;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.Summary;
import dev.firn.bench.core.TableVariant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The run the report tests describe: one morning on a two-core test machine, and its one-writer
 * commit table.
 */
final class TestStamps {
  private TestStamps() {}

  /** A run that began at 08:00 on 22 November 2026 and took {@code took}. */
  static RunStamp took(Duration took) {
    return new RunStamp(
        Instant.parse("2026-11-22T08:00:00Z"),
        took,
        new MachineInfo(2, 24105, 6000, "Test CPU", "Linux", "17"));
  }

  /** One writer's commits: Firn's 12/s against the reference's 10/s, no further side. */
  static ScenarioResult oneWriterCommits() {
    return new ScenarioResult(
        "Commits, 1 writer",
        TableVariant.writers(1),
        List.of(new FigureRow("commits/s", new Summary(12, 11, 13), new Summary(10, 9, 11))),
        List.of());
  }
}
