package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SparkEngineConfigTest {
  private static final URI CATALOG = URI.create("http://127.0.0.1:8181");

  @Test
  void sessionHasAnIcebergRestCatalogOnFirnWithoutCaching() {
    Map<String, String> session =
        SparkEngineConfig.of("local[2]", CATALOG, "firn")
            .withCatalogProperty("s3.endpoint", "http://minio:9000")
            .withSparkProperty("spark.ui.enabled", "false")
            .sessionProperties();

    assertThat(session)
        .containsEntry("spark.sql.catalog.firn", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.firn.type", "rest")
        .containsEntry("spark.sql.catalog.firn.uri", "http://127.0.0.1:8181")
        .containsEntry("spark.sql.catalog.firn.warehouse", "firn")
        .containsEntry("spark.sql.catalog.firn.s3.endpoint", "http://minio:9000")
        .containsEntry("spark.sql.catalog.firn.cache-enabled", "false")
        .containsEntry("spark.ui.enabled", "false");
    assertThat(session.get("spark.sql.extensions")).contains("IcebergSparkSessionExtensions");
  }

  @Test
  void catalogCachingStaysOffWhateverTheSparkPropertiesSay() {
    Map<String, String> session =
        SparkEngineConfig.of("local[2]", CATALOG, "firn")
            .withSparkProperty("spark.sql.catalog.firn.cache-enabled", "true")
            .sessionProperties();

    assertThat(session).containsEntry("spark.sql.catalog.firn.cache-enabled", "false");
  }

  @Test
  void theCatalogReadsAndDeletesThroughS3FileIOWhateverTheExtraPropertiesSay() {
    String ioImpl = "spark.sql.catalog.firn.io-impl";
    SparkEngineConfig config = SparkEngineConfig.of("local[2]", CATALOG, "firn");

    assertThat(config.sessionProperties())
        .containsEntry(ioImpl, "org.apache.iceberg.aws.s3.S3FileIO");
    assertThat(
            config
                .withCatalogProperty("io-impl", "org.apache.iceberg.io.ResolvingFileIO")
                .withSparkProperty(ioImpl, "org.apache.iceberg.hadoop.HadoopFileIO")
                .sessionProperties())
        .containsEntry(ioImpl, "org.apache.iceberg.aws.s3.S3FileIO");
  }

  @Test
  void rejectsASparkPropertyOutsideSparksNamespace() {
    SparkEngineConfig config = SparkEngineConfig.of("local[2]", CATALOG, "firn");

    assertThatThrownBy(() -> config.withSparkProperty("ui.enabled", "false"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid Spark property: ui.enabled (must start with spark.)");
  }

  @Test
  void rejectsACatalogUriWithoutHttpAndHost() {
    assertThatThrownBy(() -> SparkEngineConfig.of("local[2]", URI.create("localhost:8181"), "firn"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid catalog URI: localhost:8181");
  }

  @Test
  void runOptionsSendSparkKeysToSparkAndOthersToTheCatalog() {
    RunOptions options =
        RunOptions.parse(
            new String[] {
              "--catalog-uri", "http://127.0.0.1:8181",
              "--table", "raw.events",
              "--conf", "spark.executor.memory=2g",
              "--conf", "s3.endpoint=http://minio:9000"
            },
            Set.of("--table"),
            Set.of());
    SparkEngineConfig config = options.engineConfig(null);

    assertThat(options.value("--table")).isEqualTo("raw.events");
    assertThat(config.master()).isEqualTo("local[*]");
    assertThat(config.sparkProperties()).containsExactly(Map.entry("spark.executor.memory", "2g"));
    assertThat(config.catalogProperties())
        .containsExactly(Map.entry("s3.endpoint", "http://minio:9000"));
  }

  @Test
  void theTokenAParentHandsOverSignsTheCatalogIn() {
    RunOptions options =
        RunOptions.parse(
            new String[] {"--catalog-uri", "http://127.0.0.1:8181", "--table", "raw.events"},
            Set.of("--table"),
            Set.of());
    assertThat(options.engineConfig("t0ken").catalogProperties()).containsEntry("token", "t0ken");
    assertThat(options.engineConfig(null).catalogProperties()).doesNotContainKey("token");
  }

  @Test
  void runOptionsRefuseAnUnknownOption() {
    assertThatThrownBy(
            () ->
                RunOptions.parse(
                    new String[] {"--tabel", "raw.events"}, Set.of("--table"), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown option: --tabel");
  }
}
