package dev.firn.bench.expiry;

import static dev.firn.bench.core.Refusals.refuses;
import static org.assertj.core.api.Assertions.assertThat;

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
    refuses(
        ExpirySettings::parse,
        "Invalid files: 1000 (must be a multiple of the 300 snapshots",
        "--snapshots",
        "300",
        "--files",
        "1000");
  }

  @Test
  void rejectsTooFewSnapshotsForTheLiveWindow() {
    refuses(
        ExpirySettings::parse,
        "Invalid snapshots: 10 (must be 40..",
        "--snapshots",
        "10",
        "--files",
        "100");
  }

  @Test
  void rejectsUnknownOptionsAndMissingValues() {
    refuses(ExpirySettings::parse, "Unknown options: '--tables'", "--tables", "3")
        .hasMessageContaining("Usage: ExpiryBenchmark");
    refuses(
        ExpirySettings::parse, "Missing required parameter for option '--orphans'", "--orphans");
    String notAnInt = "Invalid value for option '--orphans': 'many' is not an int";
    refuses(ExpirySettings::parse, notAnInt, "--orphans", "many");
  }
}
