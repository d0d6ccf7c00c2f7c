package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkIngestRunTest {
  @Test
  void readsTheInputsFormatAndSchema() {
    SparkIngestRun.Arguments arguments =
        SparkIngestRun.Arguments.parse(
            new String[] {
              "--catalog-uri", "http://127.0.0.1:8181",
              "--table", "raw.events",
              "--format", "Parquet",
              "--schema-file", "/tmp/schema.json",
              "--inputs", "/in/a.parquet,/in/b.parquet,",
              "--master", "local[2]",
              "--conf", "spark.ui.enabled=false"
            });

    assertThat(arguments.table()).isEqualTo("raw.events");
    assertThat(arguments.parquet()).isTrue();
    assertThat(arguments.schemaFile()).isEqualTo(Path.of("/tmp/schema.json"));
    assertThat(arguments.inputs())
        .containsExactly(Path.of("/in/a.parquet"), Path.of("/in/b.parquet"));
    assertThat(arguments.config().master()).isEqualTo("local[2]");
    assertThat(arguments.config().sessionProperties()).containsEntry("spark.ui.enabled", "false");
  }

  @Test
  void refusesAMissingOptionOrAnUnknownFormat() {
    assertThatThrownBy(
            () ->
                SparkIngestRun.Arguments.parse(
                    new String[] {"--catalog-uri", "http://x", "--table", "raw.t"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Usage: SparkIngestRun");
    assertThatThrownBy(
            () ->
                SparkIngestRun.Arguments.parse(
                    new String[] {
                      "--catalog-uri", "http://x",
                      "--table", "raw.t",
                      "--format", "csv",
                      "--schema-file", "s.json",
                      "--inputs", "a.csv"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid --format: csv (ndjson or parquet)");
  }

  @Test
  void theResultLineIsOneFlatLineThatStartsAsBenchmarksLookForIt() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("engine", "spark");
    fields.put("job", "ingest");
    fields.put("table", "raw.t");
    fields.put("rows", 10L);
    fields.put("error", "line\nbreak");

    String line = SparkIngestRun.render(fields);

    assertThat(line)
        .startsWith("{\"engine\":\"spark\",\"job\":\"ingest\"")
        .contains("\"rows\":10")
        .doesNotContain("\n");
  }
}
