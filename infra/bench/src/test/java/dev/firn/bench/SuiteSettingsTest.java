package dev.firn.bench;

import static dev.firn.bench.core.Refusals.refuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.CommitScenario;
import dev.firn.bench.compaction.CompactionSettings;
import dev.firn.bench.expiry.ExpirySettings;
import dev.firn.bench.ingest.IngestSettings;
import dev.firn.bench.ingest.Loader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteSettingsTest {
  private static final List<Loader> LOADERS = List.of(Loader.FIRN, Loader.SPARK);

  @Test
  void defaultsAreStable() {
    SuiteSettings settings = SuiteSettings.parse();

    assertThat(settings.scenarios()).isEqualTo(EnumSet.allOf(SuiteScenario.class));
    Duration window = Duration.ofSeconds(2);
    assertThat(settings.catalog())
        .isEqualTo(
            new BenchSettings(
                false,
                1000,
                5,
                window,
                200_000,
                5_000,
                List.of(1, 8, 32),
                List.of(1, 8),
                32,
                window));
    assertThat(settings.catalog().commitScenarios())
        .containsExactly(
            new CommitScenario(1, 1), new CommitScenario(8, 1), new CommitScenario(8, 32));
    assertThat(settings.ingest())
        .isEqualTo(new IngestSettings(false, 32, 5, true, Duration.ofMinutes(20), LOADERS, null));
    assertThat(settings.compaction())
        .isEqualTo(new CompactionSettings(false, 200, 180, 5, true, 15, null));
    assertThat(settings.expiry())
        .isEqualTo(new ExpirySettings(false, 500, 5_000, 50, 5, true, null));
  }

  @Test
  void scenarioFiveIsExpiryByNameOrNumber() {
    assertThat(SuiteSettings.parse("--only", "5").scenarios())
        .containsExactly(SuiteScenario.EXPIRY);
    SuiteSettings settings = SuiteSettings.parse("--quick", "--only", "expiry");
    assertThat(settings.scenarios()).containsExactly(SuiteScenario.EXPIRY);
  }

  @Test
  void quickModeShrinksEveryScenario() {
    SuiteSettings settings = SuiteSettings.parse("--quick");

    assertThat(settings.catalog())
        .isEqualTo(
            new BenchSettings(
                true,
                100,
                2,
                Duration.ofSeconds(1),
                200_000,
                5_000,
                List.of(1, 8, 32),
                List.of(1, 8),
                32,
                Duration.ofMillis(500)));
    assertThat(settings.ingest())
        .isEqualTo(new IngestSettings(true, 8, 1, false, Duration.ofMinutes(20), LOADERS, null));
    assertThat(settings.compaction())
        .isEqualTo(new CompactionSettings(true, 20, 8, 1, false, 1, null));
    assertThat(settings.expiry())
        .isEqualTo(new ExpirySettings(true, 100, 1_000, 10, 1, false, null));
  }

  @Test
  void onlyRunsTheNamedScenariosByNameOrNumber() {
    SuiteSettings settings =
        SuiteSettings.parse("--only", "commits,4", "--spark-module", "/tmp/spark");

    assertThat(settings.scenarios())
        .containsExactlyInAnyOrder(SuiteScenario.COMMITS, SuiteScenario.COMPACTION);
    assertThat(settings.catalog().loadThreads()).isEmpty();
    assertThat(settings.catalog().writers()).isEqualTo(List.of(1, 8));
    assertThat(settings.compaction().sparkModule()).isEqualTo(Path.of("/tmp/spark"));
  }

  @Test
  void ingestMegabytesSetTheIngestionSizeInEitherMode() {
    assertThat(SuiteSettings.parse("--ingest-mb", "1024").ingest().sizeMegabytes()).isEqualTo(1024);
    assertThat(SuiteSettings.parse("--quick", "--ingest-mb", "16").ingest().sizeMegabytes())
        .isEqualTo(16);
  }

  @Test
  void refusesAnIngestionSizeThatIsNoPositiveNumber() {
    String notAnInt = "Invalid value for option '--ingest-mb': '1GB' is not an int";
    refuses(SuiteSettings::parse, notAnInt, "--ingest-mb", "1GB");
    refuses(SuiteSettings::parse, "Invalid --ingest-mb: 0 (must be 1..65536)", "--ingest-mb", "0");
  }

  @Test
  void aRunWithoutCommitsHasNoCommitScenario() {
    assertThat(SuiteSettings.parse("--only", "loadtable").catalog().commitScenarios()).isEmpty();
  }

  @Test
  void refusesAnUnknownScenario() {
    refuses(SuiteSettings::parse, "Unknown scenario: manifests", "--only", "manifests");
  }
}
