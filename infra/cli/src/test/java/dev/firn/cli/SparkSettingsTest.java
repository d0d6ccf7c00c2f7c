package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSettingsTest {
  @TempDir Path dir;

  private static SparkSettings spark(Map<String, String> options) {
    return ServeConfig.from(Settings.load(null, Map.of(), options)).maintenance().spark();
  }

  @Test
  void defaultsAreStable() {
    SparkSettings spark = spark(Map.of());

    assertThat(spark.enabled()).isFalse();
    assertThat(spark.master()).isNull();
    assertThat(spark.minTableSize()).isEqualTo(50L * 1024 * 1024 * 1024);
    assertThat(spark.conf()).isEmpty();
    // These tests run from infra/cli/target/classes, a build of the repository.
    assertThat(spark.classpath())
        .isEqualTo(
            SparkSettings.firnCode()
                .getParent()
                .getParent()
                .getParent()
                .getParent()
                .resolve("maintenance/spark/target/classpath.txt"));
  }

  @Test
  void theDefaultClasspathIsTheSparkModulesBuildInFirnsOwnRepository() {
    assertThat(SparkSettings.defaultClasspath(Path.of("/src/firn/infra/cli/target/firn-cli.jar")))
        .isEqualTo(Path.of("/src/firn/maintenance/spark/target/classpath.txt"));
    assertThat(SparkSettings.defaultClasspath(Path.of("/src/firn/infra/cli/target/classes")))
        .isEqualTo(Path.of("/src/firn/maintenance/spark/target/classpath.txt"));
    assertThat(SparkSettings.defaultClasspath(Path.of("/opt/firn/firn-cli.jar"))).isNull();
    assertThat(SparkSettings.defaultClasspath(null)).isNull();
  }

  @Test
  void readsTheMasterTheSizeTheClasspathAndTheConf() throws Exception {
    Path classpath = Files.writeString(dir.resolve("classpath.txt"), "/jars/spark-core.jar");
    Map<String, String> options = new HashMap<>();
    options.put(SparkSettings.MASTER, "spark://spark-master:7077");
    options.put(SparkSettings.MIN_TABLE_SIZE, "512MB");
    options.put(SparkSettings.CLASSPATH, classpath.toString());
    options.put(SparkSettings.CONF, "spark.executor.memory=8g, s3.endpoint = http://minio:9000 ");

    SparkSettings spark = spark(options);

    assertThat(spark.enabled()).isTrue();
    assertThat(spark.master()).isEqualTo("spark://spark-master:7077");
    assertThat(spark.minTableSize()).isEqualTo(512L * 1024 * 1024);
    assertThat(spark.classpath()).isEqualTo(classpath);
    assertThat(spark.conf())
        .containsExactly(
            Map.entry("spark.executor.memory", "8g"),
            Map.entry("s3.endpoint", "http://minio:9000"));
  }

  @Test
  void readsTheSettingsFromTheEnvironmentToo() throws Exception {
    Path classpath = Files.writeString(dir.resolve("classpath.txt"), "/jars/spark-core.jar");
    SparkSettings spark =
        ServeConfig.from(
                Settings.load(
                    null,
                    Map.of(
                        "FIRN_MAINTENANCE_SPARK_MASTER", "local[2]",
                        "FIRN_MAINTENANCE_SPARK_MIN_TABLE_SIZE", "1",
                        "FIRN_MAINTENANCE_SPARK_CLASSPATH", classpath.toString()),
                    Map.of()))
            .maintenance()
            .spark();

    assertThat(spark.master()).isEqualTo("local[2]");
    assertThat(spark.minTableSize()).isEqualTo(1);
  }

  @Test
  void refusesBadValuesNamingTheKey() {
    assertThatThrownBy(() -> spark(Map.of(SparkSettings.MASTER, "spark-master:7077")))
        .hasMessageStartingWith("Invalid maintenance.spark.master: spark-master:7077");
    assertThatThrownBy(() -> spark(Map.of(SparkSettings.MIN_TABLE_SIZE, "lots")))
        .hasMessage(
            "Invalid maintenance.spark.min-table-size: lots (must be a size such as 512MB or 50GB)");
    assertThatThrownBy(() -> spark(Map.of(SparkSettings.MIN_TABLE_SIZE, "99999999999TB")))
        .hasMessageStartingWith("Invalid maintenance.spark.min-table-size: 99999999999TB");
    assertThatThrownBy(() -> spark(Map.of(SparkSettings.CONF, "spark.ui.enabled=false,oops")))
        .hasMessageStartingWith("Invalid maintenance.spark.conf: oops (must be key=value pairs");
    assertThatThrownBy(() -> spark(Map.of(SparkSettings.CONF, "=secret")))
        .hasMessageStartingWith("Invalid maintenance.spark.conf: =...");
  }

  @Test
  void refusesAMissingClasspathFileOnlyWhenTheEngineIsOn() {
    Path missing = dir.resolve("nowhere/classpath.txt");

    assertThat(spark(Map.of(SparkSettings.CLASSPATH, missing.toString())).enabled()).isFalse();
    assertThatThrownBy(
            () ->
                spark(
                    Map.of(
                        SparkSettings.MASTER,
                        "local[2]",
                        SparkSettings.CLASSPATH,
                        missing.toString())))
        .hasMessageStartingWith("Invalid maintenance.spark.classpath: " + missing)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("./mvnw -q package -DskipTests -pl maintenance/spark -am");
  }

  @Test
  void anEngineWithoutAnyClasspathIsRefused() {
    assertThatThrownBy(() -> new SparkSettings("local[2]", 1, null, Map.of()))
        .hasMessageStartingWith("Missing maintenance.spark.classpath");
    assertThatThrownBy(() -> new SparkSettings(null, -1, null, Map.of()))
        .hasMessage("Invalid maintenance.spark.min-table-size: -1 (must not be negative)");
  }
}
