package dev.firn.bench.ingest;

import static dev.firn.bench.core.Refusals.refuses;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {
  private static final List<Loader> LOADERS = List.of(Loader.FIRN, Loader.SPARK);

  @Test
  void sparkIsTheReferenceByDefault() {
    IngestSettings settings = IngestSettings.parse();

    assertThat(settings)
        .isEqualTo(new IngestSettings(false, 1024, 3, true, Duration.ofMinutes(20), LOADERS, null));
    assertThat(settings.reference()).isEqualTo(Loader.SPARK);
    assertThat(settings.others()).isEmpty();
    assertThat(settings.runsSpark()).isTrue();
  }

  @Test
  void quickLoadsAnEighthOnce() {
    assertThat(IngestSettings.parse("--quick"))
        .isEqualTo(new IngestSettings(true, 128, 1, true, Duration.ofMinutes(20), LOADERS, null));
  }

  @Test
  void thePlainLoaderIsAFurtherSideNextToSparkAndTheReferenceWithoutIt() {
    IngestSettings all =
        IngestSettings.parse("--loaders", "baseline,Spark,firn", "--spark-module", "/tmp/spark");
    IngestSettings plain = IngestSettings.parse("--loaders", "firn,baseline");

    assertThat(all.loaders()).containsExactly(Loader.FIRN, Loader.SPARK, Loader.BASELINE);
    assertThat(all.reference()).isEqualTo(Loader.SPARK);
    assertThat(all.others()).containsExactly(Loader.BASELINE);
    assertThat(all.sparkModule()).isEqualTo(Path.of("/tmp/spark"));
    assertThat(plain.reference()).isEqualTo(Loader.BASELINE);
    assertThat(plain.runsSpark()).isFalse();
  }

  @Test
  void refusesLoadersWithoutFirnOrWithoutAnotherLoader() {
    refuses(
        IngestSettings::parse, "Invalid loaders: spark,baseline", "--loaders", "spark,baseline");
    refuses(
        IngestSettings::parse, "Invalid loaders: firn (firn and at least one", "--loaders", "firn");
    refuses(IngestSettings::parse, "Unknown loader: duckdb", "--loaders", "firn,duckdb");
  }
}
