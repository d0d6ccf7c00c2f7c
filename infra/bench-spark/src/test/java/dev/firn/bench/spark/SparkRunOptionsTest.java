package dev.firn.bench.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class SparkRunOptionsTest {
  @Test
  void sparkKeysConfigureSparkAndOthersTheCatalog() {
    SparkCompactionRun run = new SparkCompactionRun();
    new CommandLine(run)
        .parseArgs(
            "--catalog-uri", "http://127.0.0.1:8181",
            "--table", "raw.events",
            "--conf", "spark.executor.memory=2g",
            "--conf", "s3.endpoint=http://minio:9000");

    assertThat(run.table).isEqualTo("raw.events");
    assertThat(run.targetFileSize).isNull();
    assertThat(run.engine.config().master()).isEqualTo(EngineOptions.MASTER_DEFAULT);
    assertThat(run.engine.config().sparkProperties())
        .containsExactly(Map.entry("spark.executor.memory", "2g"));
    assertThat(run.engine.config().catalogProperties())
        .containsExactly(Map.entry("s3.endpoint", "http://minio:9000"));
  }

  @Test
  void ingestReadsTheFormatAndTheInputList() {
    CommandLine command = SparkIngestRun.command();
    command.parseArgs(
        "--catalog-uri", "http://x",
        "--table", "raw.t",
        "--format", "Parquet",
        "--schema-file", "s.json",
        "--inputs", "/in/a.parquet,/in/b.parquet");
    SparkIngestRun parsed = command.getCommand();

    assertThat(parsed.format).isEqualTo(SparkIngestRun.Format.PARQUET);
    assertThat(parsed.inputs).containsExactly(Path.of("/in/a.parquet"), Path.of("/in/b.parquet"));
  }

  @Test
  void refusesAMissingOptionOrAnUnknownFormat() {
    assertThatThrownBy(
            () -> SparkIngestRun.command().parseArgs("--catalog-uri", "http://x", "--table", "t"))
        .isInstanceOf(ParameterException.class)
        .hasMessageStartingWith("Missing required options");
    assertThatThrownBy(
            () ->
                SparkIngestRun.command()
                    .parseArgs(
                        "--catalog-uri",
                        "http://x",
                        "--table",
                        "raw.t",
                        "--format",
                        "csv",
                        "--schema-file",
                        "s.json",
                        "--inputs",
                        "a.csv"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("csv");
  }

  @Test
  void maintenanceTakesOneItemPerJob() {
    CommandLine command = SparkMaintenanceRun.command();
    command.parseArgs(
        "--catalog-uri", "http://x",
        "--table", "raw.a,raw.b",
        "--job", "orphans,expiry",
        "--older-than", "5,6");
    SparkMaintenanceRun run = command.getCommand();

    assertThat(run.jobs)
        .containsExactly(SparkMaintenanceRun.Job.ORPHANS, SparkMaintenanceRun.Job.EXPIRY);
    assertThat(run.cutoffs).containsExactly(5L, 6L);
    assertThat(run.tables).isEqualTo(List.of("raw.a", "raw.b"));
    assertThat(run.retainLast).isEqualTo(1);
  }
}
