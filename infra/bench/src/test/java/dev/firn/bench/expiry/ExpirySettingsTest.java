package dev.firn.bench.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExpirySettingsTest {
  @Test
  void defaultsAreStable() {
    ExpirySettings settings = ExpirySettings.parse();

    assertThat(settings).isEqualTo(new ExpirySettings(false, 500, 5_000, 50, 5, false, null));
    assertThat(settings.filesPerSnapshot()).isEqualTo(10);
  }

  @Test
  void quickRunsASmallTableOnce() {
    assertThat(ExpirySettings.parse("--quick"))
        .isEqualTo(new ExpirySettings(true, 100, 1_000, 10, 1, false, null));
  }

  @Test
  void optionsOverrideDefaults() {
    ExpirySettings settings =
        ExpirySettings.parse(
            "--snapshots",
            "10000",
            "--files",
            "100000",
            "--orphans",
            "1000",
            "--repetitions",
            "3",
            "--warm-up",
            "--spark-module",
            "/tmp/spark");

    assertThat(settings)
        .isEqualTo(
            new ExpirySettings(false, 10_000, 100_000, 1_000, 3, true, Path.of("/tmp/spark")));
    assertThat(settings.reduced()).isFalse();
  }

  @Test
  void expiryRemovesNineInTenSnapshots() {
    assertThat(ExpirySettings.parse("--snapshots", "1000").expiringSnapshots()).isEqualTo(900);
    assertThat(ExpirySettings.parse("--snapshots", "205", "--files", "2050").expiringSnapshots())
        .isEqualTo(184);
  }

  @Test
  void smallerTablesThanThePlansAreMarkedReduced() {
    assertThat(ExpirySettings.parse().reduced()).isTrue();
    assertThat(ExpirySettings.parse("--quick").reduced()).isTrue();
  }

  @Test
  void rejectsFilesThatDoNotSpreadEvenlyOverTheSnapshots() {
    assertThatThrownBy(() -> ExpirySettings.parse("--snapshots", "300", "--files", "1000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid files: 1000")
        .hasMessageContaining("multiple of the 300 snapshots");
  }

  @Test
  void rejectsTooFewSnapshotsForTheLiveWindow() {
    assertThatThrownBy(() -> ExpirySettings.parse("--snapshots", "10", "--files", "100"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid snapshots: 10");
  }

  @Test
  void rejectsUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> ExpirySettings.parse("--tables", "3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown options: '--tables'")
        .hasMessageContaining("Usage: ExpiryBenchmark");
    assertThatThrownBy(() -> ExpirySettings.parse("--orphans"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Missing required parameter for option '--orphans'");
    assertThatThrownBy(() -> ExpirySettings.parse("--orphans", "many"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid value for option '--orphans': 'many' is not an int");
  }
}
