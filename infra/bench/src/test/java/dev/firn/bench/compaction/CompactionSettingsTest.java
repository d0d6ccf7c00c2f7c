package dev.firn.bench.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompactionSettingsTest {
  @Test
  void defaultsAreStable() {
    CompactionSettings settings = CompactionSettings.parse();

    assertThat(settings.files()).isEqualTo(200);
    assertThat(settings.sizeMegabytes()).isEqualTo(180);
    assertThat(settings.repetitions()).isEqualTo(3);
    // Three output files per partition or so: both engines write several.
    assertThat(settings.targetMegabytes()).isEqualTo(15);
    assertThat(settings.sparkModule()).isNull();
  }

  @Test
  void quickRunsOneSmallTableOnce() {
    CompactionSettings settings = CompactionSettings.parse("--quick");

    assertThat(settings.files()).isEqualTo(40);
    assertThat(settings.sizeMegabytes()).isEqualTo(16);
    assertThat(settings.repetitions()).isEqualTo(1);
    assertThat(settings.targetMegabytes()).isEqualTo(1);
  }

  @Test
  void optionsOverrideDefaults() {
    CompactionSettings settings =
        CompactionSettings.parse(
            "--files", "400", "--size-mb", "600", "--repetitions", "5", "--target-mb", "64");

    assertThat(settings.files()).isEqualTo(400);
    assertThat(settings.sizeBytes()).isEqualTo(600L << 20);
    assertThat(settings.repetitions()).isEqualTo(5);
    assertThat(settings.targetFileSize()).isEqualTo(64L << 20);
  }

  @Test
  void refusesFewerFilesThanEveryPartitionNeedsToBeCompacted() {
    assertThatThrownBy(() -> CompactionSettings.parse("--files", "19"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid files: 19 (must be 20..100000)");
  }
}
