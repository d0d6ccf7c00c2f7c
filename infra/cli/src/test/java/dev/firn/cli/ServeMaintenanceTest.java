package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.testing.TableRows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code firn serve} maintains tables on its own and shows its runs on the management port. */
class ServeMaintenanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final TableIdentifier EVENTS = TableIdentifier.of("raw", "sales", "events");

  private final HttpClient http = HttpClient.newHttpClient();

  private String authorization;

  @Test
  void compactsATableWhoseSmallFilesPileUpAndTheRunHistoryShowsIt(@TempDir Path dataDir)
      throws Exception {
    Map<String, String> options =
        serving(
            dataDir,
            MaintenanceSettings.TICK_SECONDS,
            "1",
            // Due only once all four small files below have landed.
            "maintenance.zone.raw.compaction.min-small-files",
            "4");
    try (ServeStack stack =
            ServeStack.start(ServeConfig.from(Settings.load(null, Map.of(), options)));
        RESTCatalog client = CommandRuns.client(stack)) {
      authorization = "Bearer " + stack.catalog().authentication().issue("root");
      client.createNamespace(Namespace.of("raw", "sales"));
      Table table = client.createTable(EVENTS, SCHEMA);
      for (long id = 0; id < 4; id++) {
        TableRows.append(table, List.of(row(id)));
      }
      String base = "http://127.0.0.1:" + stack.catalog().managementPort();
      String management = base + "/maintenance";

      JsonNode run = awaitRun(management + "/runs?table=raw.sales.events", "compaction");

      assertThat(run.path("status").asText()).isEqualTo("succeeded");
      assertThat(run.path("trigger").asText()).isEqualTo("change");
      assertThat(run.path("counts").path("files-rewritten").asLong())
          .as("%s", get(management + "/runs").body())
          .isEqualTo(4);
      table.refresh();
      assertThat(table.currentSnapshot().summary().get("total-data-files")).isEqualTo("1");
      assertThat(TableRows.read(table)).hasSize(4);

      JsonNode policy = JSON.readTree(get(management + "/policy?table=raw.sales.events").body());
      assertThat(policy.path("settings").findValuesAsText("value")).contains("4");

      HttpResponse<String> dryRun =
          post(
              management + "/runs",
              "{\"table\":\"raw.sales.events\",\"job\":\"orphans\",\"dry-run\":true}");
      assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(202);
      String location = dryRun.headers().firstValue("Location").orElseThrow();
      assertThat(location).startsWith("/maintenance/runs/");
      JsonNode asked = awaitFinished(base + location);
      assertThat(asked.path("run").path("status").asText()).isEqualTo("succeeded");
      assertThat(asked.path("run").path("dry-run").asBoolean()).isTrue();
      assertThat(asked.path("run").path("trigger").asText()).isEqualTo("manual");
      assertThat(asked.path("result").path("summary").asText()).isNotBlank();

      HttpResponse<String> badJob =
          post(management + "/runs", "{\"table\":\"raw.sales.events\",\"job\":\"vacuum\"}");
      assertThat(badJob.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(badJob.body()).path("error").path("message").asText())
          .contains("Unknown maintenance job: vacuum");
      HttpResponse<String> missing =
          post(management + "/runs", "{\"table\":\"raw.sales.nothing\",\"job\":\"expiry\"}");
      assertThat(missing.statusCode()).isEqualTo(404);

      String metrics =
          get("http://127.0.0.1:" + stack.catalog().managementPort() + "/metrics").body();
      assertThat(metrics).contains("firn_maintenance_");
    }
  }

  /**
   * With the scheduler off, the management API still shows runs and policies (other nodes and
   * {@code firn maintain} run jobs), and a job asked for gets 503 naming the setting.
   */
  @Test
  void aNodeWithoutTheSchedulerShowsRunsAndPoliciesAndRefusesJobsWith503(@TempDir Path dataDir)
      throws Exception {
    Map<String, String> options = serving(dataDir, MaintenanceSettings.ENABLED, "false");
    try (ServeStack stack =
            ServeStack.start(ServeConfig.from(Settings.load(null, Map.of(), options)));
        RESTCatalog client = CommandRuns.client(stack)) {
      authorization = "Bearer " + stack.catalog().authentication().issue("root");
      client.createNamespace(Namespace.of("raw", "sales"));
      client.createTable(EVENTS, SCHEMA);
      String management = "http://127.0.0.1:" + stack.catalog().managementPort() + "/maintenance";

      HttpResponse<String> runs = get(management + "/runs?table=raw.sales.events");
      assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
      assertThat(JSON.readTree(runs.body()).path("runs").size()).isZero();
      assertThat(get(management + "/policy?table=raw.sales.events").statusCode()).isEqualTo(200);
      HttpResponse<String> asked =
          post(management + "/runs", "{\"table\":\"raw.sales.events\",\"job\":\"expiry\"}");
      assertThat(asked.statusCode()).isEqualTo(503);
      assertThat(asked.body()).contains("maintenance.enabled=false");
    }
  }

  /** {@code firn serve}'s options on free ports with the management port, and {@code more}. */
  private static Map<String, String> serving(Path dataDir, String... more) {
    Map<String, String> options = new java.util.HashMap<>();
    options.put(ServeConfig.DATA_DIR, dataDir.toString());
    options.put(ServeConfig.CATALOG_PORT, "0");
    options.put(ServeConfig.MANAGEMENT_PORT, "0");
    options.put(ServeConfig.StorageConfig.EMBEDDED_PORT, "0");
    for (int i = 0; i < more.length; i += 2) {
      options.put(more[i], more[i + 1]);
    }
    return options;
  }

  /** Polls the run history until a run of the job has finished; the bound only avoids a hang. */
  private JsonNode awaitRun(String uri, String job) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(giveUp)) {
      JsonNode runs = JSON.readTree(get(uri).body()).path("runs");
      for (JsonNode run : runs) {
        if (run.path("job").asText().equals(job)
            && !run.path("status").asText().equals("running")) {
          return run;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("No finished " + job + " run in the history of " + uri);
  }

  /** Polls one run until it has finished; the bound only avoids a hang. */
  private JsonNode awaitFinished(String uri) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(giveUp)) {
      JsonNode run = JSON.readTree(get(uri).body());
      if (!run.path("run").path("status").asText().equals("running")) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The run at " + uri + " did not finish");
  }

  private HttpResponse<String> get(String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri)).header("Authorization", authorization).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String uri, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Record row(long id) {
    Record row = GenericRecord.create(SCHEMA);
    row.setField("id", id);
    return row;
  }
}
