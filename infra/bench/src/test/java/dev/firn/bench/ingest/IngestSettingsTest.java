package dev.firn.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThatThrownBy(() -> IngestSettings.parse("--loaders", "spark,baseline"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid loaders: spark,baseline");
    assertThatThrownBy(() -> IngestSettings.parse("--loaders", "firn"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IngestSettings.parse("--loaders", "firn,duckdb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown loader: duckdb");
  }
}
