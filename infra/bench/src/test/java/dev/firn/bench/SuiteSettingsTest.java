package dev.firn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.bench.catalog.BenchSettings;
import dev.firn.bench.catalog.CommitScenario;
import dev.firn.bench.compaction.CompactionSettings;
import dev.firn.bench.expiry.ExpirySettings;
import dev.firn.bench.ingest.Loader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteSettingsTest {
  @Test
  void defaultsAreStable() {
    SuiteSettings settings = SuiteSettings.parse();

    assertThat(settings.scenarios()).isEqualTo(EnumSet.allOf(SuiteScenario.class));
    BenchSettings catalog = settings.catalog();
    assertThat(catalog.snapshots()).isEqualTo(1000);
    assertThat(catalog.repetitions()).isEqualTo(5);
    assertThat(catalog.window()).isEqualTo(Duration.ofSeconds(2));
    assertThat(catalog.loadThreads()).containsExactly(1, 8, 32);
    assertThat(catalog.writers()).containsExactly(1, 8);
    assertThat(catalog.spreadTables()).isEqualTo(32);
    assertThat(catalog.commitWindow()).isEqualTo(Duration.ofSeconds(2));
    assertThat(catalog.commitScenarios())
        .containsExactly(
            new CommitScenario(1, 1), new CommitScenario(8, 1), new CommitScenario(8, 32));
    assertThat(settings.ingest().sizeMegabytes()).isEqualTo(32);
    assertThat(settings.ingest().loaders()).containsExactly(Loader.FIRN, Loader.SPARK);
    assertThat(settings.ingest().repetitions()).isEqualTo(5);
    assertThat(settings.ingest().warmUp()).isTrue();
    CompactionSettings compaction = settings.compaction();
    assertThat(compaction.files()).isEqualTo(200);
    assertThat(compaction.sizeMegabytes()).isEqualTo(180);
    assertThat(compaction.repetitions()).isEqualTo(5);
    assertThat(compaction.warmUp()).isTrue();
    assertThat(compaction.targetMegabytes()).isEqualTo(15);
    ExpirySettings expiry = settings.expiry();
    assertThat(expiry.snapshots()).isEqualTo(ExpirySettings.SNAPSHOTS_DEFAULT);
    assertThat(expiry.dataFiles()).isEqualTo(ExpirySettings.FILES_DEFAULT);
    assertThat(expiry.repetitions()).isEqualTo(5);
    assertThat(expiry.warmUp()).isTrue();
  }

  @Test
  void scenarioFiveIsExpiryByNameOrNumber() {
    assertThat(SuiteSettings.parse("--only", "5").scenarios())
        .containsExactly(SuiteScenario.EXPIRY);
    SuiteSettings settings = SuiteSettings.parse("--quick", "--only", "expiry");
    assertThat(settings.scenarios()).containsExactly(SuiteScenario.EXPIRY);
    assertThat(settings.expiry().snapshots()).isEqualTo(ExpirySettings.SNAPSHOTS_QUICK);
    assertThat(settings.expiry().repetitions()).isEqualTo(1);
    assertThat(settings.expiry().warmUp()).isFalse();
  }

  @Test
  void quickModeShrinksEveryScenario() {
    SuiteSettings settings = SuiteSettings.parse("--quick");

    assertThat(settings.catalog().snapshots()).isEqualTo(100);
    assertThat(settings.catalog().repetitions()).isEqualTo(2);
    assertThat(settings.catalog().window()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.catalog().commitWindow()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.ingest().sizeMegabytes()).isEqualTo(8);
    assertThat(settings.ingest().repetitions()).isEqualTo(1);
    assertThat(settings.ingest().warmUp()).isFalse();
    assertThat(settings.compaction().files()).isEqualTo(20);
    assertThat(settings.compaction().sizeMegabytes()).isEqualTo(8);
    assertThat(settings.compaction().warmUp()).isFalse();
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
    assertThatThrownBy(() -> SuiteSettings.parse("--ingest-mb", "1GB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid value for option '--ingest-mb': '1GB' is not an int");
    assertThatThrownBy(() -> SuiteSettings.parse("--ingest-mb", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid --ingest-mb: 0 (must be 1..65536)");
  }

  @Test
  void aRunWithoutCommitsHasNoCommitScenario() {
    assertThat(SuiteSettings.parse("--only", "loadtable").catalog().commitScenarios()).isEmpty();
  }

  @Test
  void refusesAnUnknownScenario() {
    assertThatThrownBy(() -> SuiteSettings.parse("--only", "manifests"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown scenario: manifests");
  }
}
