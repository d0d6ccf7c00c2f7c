package dev.firn.bench.compaction;

import static dev.firn.bench.core.Refusals.refuses;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompactionSettingsTest {
  @Test
  void defaultsAreStable() {
    // Three output files per partition or so: both engines write several.
    assertThat(CompactionSettings.parse())
        .isEqualTo(new CompactionSettings(false, 200, 180, 3, false, 15, null));
  }

  @Test
  void quickRunsOneSmallTableOnce() {
    assertThat(CompactionSettings.parse("--quick"))
        .isEqualTo(new CompactionSettings(true, 40, 16, 1, false, 1, null));
  }

  @Test
  void optionsOverrideDefaults() {
    CompactionSettings settings =
        CompactionSettings.parse(
            "--files",
            "400",
            "--size-mb",
            "600",
            "--repetitions",
            "5",
            "--target-mb",
            "64",
            "--warm-up",
            "--spark-module",
            "/tmp/spark");

    assertThat(settings)
        .isEqualTo(new CompactionSettings(false, 400, 600, 5, true, 64, Path.of("/tmp/spark")));
    assertThat(settings.sizeBytes()).isEqualTo(600L << 20);
    assertThat(settings.targetFileSize()).isEqualTo(64L << 20);
  }

  @Test
  void refusesFewerFilesThanEveryPartitionNeedsToBeCompacted() {
    refuses(CompactionSettings::parse, "Invalid files: 19 (must be 20..100000)", "--files", "19");
  }
}
