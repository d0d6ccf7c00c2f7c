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
    assertThat(harnesses(settings))
        .containsExactly(
            catalog(false, 1000, 5, Duration.ofSeconds(2), Duration.ofSeconds(2)),
            new IngestSettings(false, 32, 5, true, Duration.ofMinutes(20), LOADERS, null),
            new CompactionSettings(false, 200, 180, 5, true, 15, null),
            new ExpirySettings(false, 500, 5_000, 50, 5, true, null));
    assertThat(settings.catalog().commitScenarios())
        .containsExactly(
            new CommitScenario(1, 1), new CommitScenario(8, 1), new CommitScenario(8, 32));
  }

  @Test
  void quickModeShrinksEveryScenario() {
    assertThat(harnesses(SuiteSettings.parse("--quick")))
        .containsExactly(
            catalog(true, 100, 2, Duration.ofSeconds(1), Duration.ofMillis(500)),
            new IngestSettings(true, 8, 1, false, Duration.ofMinutes(20), LOADERS, null),
            new CompactionSettings(true, 20, 8, 1, false, 1, null),
            new ExpirySettings(true, 100, 1_000, 10, 1, false, null));
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
    assertThat(SuiteSettings.parse("--only", "5").scenarios())
        .containsExactly(SuiteScenario.EXPIRY);
    SuiteSettings expiry = SuiteSettings.parse("--quick", "--only", "expiry");
    assertThat(expiry.scenarios()).containsExactly(SuiteScenario.EXPIRY);
    assertThat(expiry.runsSpark()).isTrue();
    assertThat(expiry.runsReference()).isFalse();
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
    SuiteSettings loadTable = SuiteSettings.parse("--only", "loadtable");

    assertThat(loadTable.catalog().commitScenarios()).isEmpty();
    assertThat(loadTable.runsReference()).isTrue();
    assertThat(loadTable.runsSpark()).isFalse();
  }

  @Test
  void refusesAnUnknownScenario() {
    refuses(SuiteSettings::parse, "Unknown scenario: manifests", "--only", "manifests");
  }

  /** Each harness's settings for the suite, in scenario order. */
  private static List<Record> harnesses(SuiteSettings settings) {
    return List.of(settings.catalog(), settings.ingest(), settings.compaction(), settings.expiry());
  }

  /** The catalog's settings for every scenario, with the sizes of a mode. */
  private static BenchSettings catalog(
      boolean quick, int snapshots, int repetitions, Duration window, Duration commitWindow) {
    List<Integer> threads = List.of(1, 8, 32);
    return new BenchSettings(
        quick,
        snapshots,
        repetitions,
        window,
        200_000,
        5_000,
        threads,
        List.of(1, 8),
        32,
        commitWindow);
  }
}
