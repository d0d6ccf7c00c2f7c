package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.maintenance.engine.SparkResultLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn serve} with the Spark engine on, launching its jobs in child JVMs on this module's
 * packaged classpath ({@code target/classpath.txt} and {@code target/firn-maintenance-spark.jar}),
 * exactly as a user's build leaves them. It runs after the {@code package} phase, under failsafe.
 * The test JVM itself runs no Spark: it writes and reads the table through Iceberg's own API.
 */
class SparkServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "region", Types.StringType.get()));
  private static final TableIdentifier EVENTS = TableIdentifier.of("raw", "served_events");
  private static final Path BUILD = Path.of("target").toAbsolutePath();

  @TempDir Path dataDirectory;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String authorization;

  @Test
  void aManualCompactionOfALargeTableRunsOnSparkAndKeepsEveryRow() throws Exception {
    assertThat(BUILD.resolve("classpath.txt"))
        .as("the package phase's output; run through ./mvnw verify")
        .isRegularFile();
    assertThat(BUILD.resolve("firn-maintenance-spark.jar")).isRegularFile();
    Path firnData = dataDirectory.resolve("firn");
    try (FirnProcess firn =
            FirnProcess.start(firnData, BUILD.resolve("firn-serve-spark.log"), sparkSettings());
        RESTCatalog catalog = new RESTCatalog()) {
      firn.awaitReady();
      catalog.initialize("firn", firn.signIn());
      authorization = firn.bearer();
      Table table =
          catalog.createTable(
              EVENTS,
              SCHEMA,
              PartitionSpec.unpartitioned(),
              Map.of("firn.maintenance.compaction.min-small-files", "2"));
      for (int commit = 0; commit < 4; commit++) {
        append(table, commit);
      }
      List<String> before = rows(table);
      String runs = firn.managementUri() + "/maintenance/runs";

      JsonNode compaction = trigger(runs, "compaction");

      JsonNode run = compaction.path("run");
      assertThat(run.path("status").asText()).as("%s", compaction).isEqualTo("succeeded");
      assertThat(run.path("counts").path("files-rewritten").asLong()).isEqualTo(4);
      assertThat(run.path("counts").path("files-added").asLong()).isEqualTo(1);
      Path log = firnData.resolve("logs/spark/raw.served_events.compaction.log");
      List<String> details = details(compaction);
      assertThat(details.get(0))
          .startsWith("Ran on Spark at local[1] in a child process (Spark started in ")
          .endsWith("output in " + log);
      // Spark's rewrite reports file groups its own way; Firn's in-process compaction does not.
      assertThat(details.get(1))
          .startsWith("Packed group ")
          .contains(": 4 files, ")
          .endsWith("-> 1 files");
      assertThat(Files.readString(log)).contains(SparkResultLine.PREFIX);
      table.refresh();
      assertThat(table.currentSnapshot().summary().get("total-data-files")).isEqualTo("1");
      assertThat(rows(table)).isEqualTo(before);

      JsonNode metadata = trigger(runs, "metadata");
      assertThat(metadata.path("run").path("status").asText()).isEqualTo("succeeded");
      assertThat(details(metadata)).noneMatch(line -> line.startsWith("Ran on Spark"));
    } finally {
      keepSparkLogs(firnData.resolve("logs/spark"));
    }
  }

  /** Copies the Spark jobs' output out of the temporary folder, for a look after a failure. */
  private static void keepSparkLogs(Path logs) throws IOException {
    if (!Files.isDirectory(logs)) {
      return;
    }
    Path kept = Files.createDirectories(BUILD.resolve("spark-serve-logs"));
    try (var files = Files.list(logs)) {
      for (Path file : files.toList()) {
        Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * The Spark engine on for every table (from 1 byte), in local mode on one core, with no tick
   * before the test asks: only the manual runs below touch the table.
   */
  private static Map<String, String> sparkSettings() {
    return Map.of(
        "FIRN_MAINTENANCE_SPARK_MASTER", "local[1]",
        "FIRN_MAINTENANCE_SPARK_MIN_TABLE_SIZE", "1",
        "FIRN_MAINTENANCE_SPARK_CLASSPATH", BUILD.resolve("classpath.txt").toString(),
        "FIRN_MAINTENANCE_SPARK_CONF",
            // A short-lived driver: JIT and code generation would cost more than they save.
            "spark.driver.memory=768m,spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1,"
                + "spark.sql.codegen.wholeStage=false,spark.sql.adaptive.enabled=false,"
                + "spark.ui.enabled=false,spark.driver.host=127.0.0.1,"
                + "spark.driver.bindAddress=127.0.0.1,spark.sql.shuffle.partitions=1",
        "FIRN_MAINTENANCE_TICK_SECONDS", "86400");
  }

  /** Starts a job and follows its run until it has finished; the bound only avoids a hang. */
  private JsonNode trigger(String runs, String job) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(runs))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"table\":\"" + EVENTS + "\",\"job\":\"" + job + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    URI run = URI.create(runs).resolve(response.headers().firstValue("Location").orElseThrow());
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(giveUp)) {
      HttpResponse<String> polled =
          http.send(
              HttpRequest.newBuilder(run).header("Authorization", authorization).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
      JsonNode answer = JSON.readTree(polled.body());
      if (!answer.path("run").path("status").asText().equals("running")) {
        return answer;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("The " + job + " run at " + run + " did not finish");
  }

  private static List<String> details(JsonNode answer) {
    List<String> details = new ArrayList<>();
    answer.path("result").path("details").forEach(line -> details.add(line.asText()));
    return details;
  }

  /** Appends one small Parquet file of 25 rows in its own commit. */
  private static void append(Table table, int commit) throws IOException {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, commit, 1).format(FileFormat.PARQUET).build();
    DataWriter<Record> writer = writers.newDataWriter(files.newOutputFile(), table.spec(), null);
    try (writer) {
      for (int i = 0; i < 25; i++) {
        Record row = GenericRecord.create(SCHEMA);
        row.setField("id", commit * 100L + i);
        row.setField("region", i % 2 == 0 ? "north" : "south");
        writer.write(row);
      }
    }
    AppendFiles append = table.newAppend();
    append.appendFile(writer.toDataFile());
    append.commit();
  }

  /** Every row, rendered and sorted, so that two reads compare whatever the file layout. */
  private static List<String> rows(Table table) {
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(record -> rows.add(record.get(0) + "," + record.get(1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    assertThat(rows).hasSize(100);
    return rows;
  }
}
