package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.JobKind;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class SparkJobRunTest {
  @Test
  void readsTheJobTheTableAndTheFlags() {
    SparkJobRun.Arguments arguments =
        SparkJobRun.Arguments.parse(
            new String[] {
              "--catalog-uri",
              "http://127.0.0.1:8181",
              "--warehouse",
              "lake",
              "--table",
              "raw.sales.events",
              "--job",
              "orphans",
              "--dry-run",
              "--master",
              "spark://spark-master:7077",
              "--conf",
              "spark.executor.memory=4g",
              "--conf",
              "s3.endpoint=http://minio:9000",
              "--exit-when-stdin-closes"
            });

    assertThat(arguments.table()).isEqualTo(TableIdentifier.of("raw", "sales", "events"));
    assertThat(arguments.kind()).isEqualTo(JobKind.ORPHANS);
    assertThat(arguments.dryRun()).isTrue();
    assertThat(arguments.exitWhenStdinCloses()).isTrue();
    assertThat(arguments.config().master()).isEqualTo("spark://spark-master:7077");
    assertThat(arguments.config().warehouse()).isEqualTo("lake");
    assertThat(arguments.config().sparkProperties())
        .containsExactly(Map.entry("spark.executor.memory", "4g"));
    assertThat(arguments.config().catalogProperties())
        .containsExactly(Map.entry("s3.endpoint", "http://minio:9000"));
  }

  @Test
  void runsForRealInLocalModeUnlessToldOtherwise() {
    SparkJobRun.Arguments arguments =
        SparkJobRun.Arguments.parse(
            new String[] {
              "--catalog-uri", "http://127.0.0.1:8181", "--table", "raw.events", "--job", "expiry"
            });

    assertThat(arguments.dryRun()).isFalse();
    assertThat(arguments.exitWhenStdinCloses()).isFalse();
    assertThat(arguments.config().master()).isEqualTo("local[*]");
    assertThat(arguments.config().warehouse()).isEqualTo("firn");
  }

  @Test
  void refusesAnUnknownJobAndAMissingOne() {
    assertThatThrownBy(
            () ->
                SparkJobRun.Arguments.parse(
                    new String[] {
                      "--catalog-uri", "http://h:1", "--table", "raw.t", "--job", "vacuum"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown maintenance job: vacuum");
    assertThatThrownBy(
            () ->
                SparkJobRun.Arguments.parse(
                    new String[] {"--catalog-uri", "http://h:1", "--table", "raw.t"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Usage: SparkJobRun");
  }

  @Test
  void refusesAValueWhereAFlagBelongsAndAnOptionWithoutValue() {
    assertThatThrownBy(
            () ->
                SparkJobRun.Arguments.parse(
                    new String[] {"--catalog-uri", "http://h:1", "--table", "raw.t", "--job"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Missing value for --job");
    assertThatThrownBy(
            () ->
                SparkJobRun.Arguments.parse(
                    new String[] {
                      "--catalog-uri",
                      "http://h:1",
                      "--table",
                      "raw.t",
                      "--job",
                      "expiry",
                      "--dry-run",
                      "true"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown option: true");
  }
}
