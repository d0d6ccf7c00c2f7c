package dev.firn.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {
  @Test
  void sparkIsTheReferenceByDefault() {
    IngestSettings settings = IngestSettings.parse();

    assertThat(settings.loaders()).containsExactly(Loader.FIRN, Loader.SPARK);
    assertThat(settings.reference()).isEqualTo(Loader.SPARK);
    assertThat(settings.others()).isEmpty();
    assertThat(settings.sizeMegabytes()).isEqualTo(1024);
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
