package dev.firn.maintenance.api;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.ManagementEndpoint;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.access.Privilege;
import dev.firn.catalog.access.Securable;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.maintenance.schedule.JobRunner;
import dev.firn.maintenance.schedule.MaintenanceMetrics;
import dev.firn.maintenance.schedule.Scheduler;
import dev.firn.maintenance.schedule.SchedulerConfig;
import dev.firn.maintenance.schedule.ZoneTables;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /maintenance/runs} on a real management port: it answers 202 at once and the job runs
 * on the scheduler's pool, so health checks answer while it runs; the run is followed at the
 * location the answer names.
 */
@ExtendWith(S3EndpointExtension.class)
class MaintenanceApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TableIdentifier EVENTS = TableIdentifier.of("raw", "api", "events");

  private final HttpClient http = HttpClient.newHttpClient();

  private String authorization;

  @Test
  void startsAJobAndAnswers202WhileHealthAnswersDuringTheJob(S3Endpoint s3, @TempDir Path dir)
      throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JobRunner slow =
        (table, kind, dryRun) -> {
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new JobReport(table.toString(), kind, dryRun, Clock.systemUTC())
              .detail("took its time on " + table)
              .done();
        };
    try (CatalogServer server = TestCatalogServers.start(s3, Database.sqlite(dir));
        RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
      client.createNamespace(Namespace.of("raw", "api"));
      client.createTable(EVENTS, new Schema(required(1, "id", Types.LongType.get())));
      ZoneTables tables =
          new ZoneTables(server.catalog(), new PolicyResolver(PolicyDefaults.standard()));
      try (Scheduler scheduler =
          new Scheduler(
              tables,
              slow,
              server.dataSource(),
              Clock.systemUTC(),
              SchedulerConfig.builder(server.config().warehouseName()).build(),
              new MaintenanceMetrics())) {
        MaintenanceApi api = new MaintenanceApi(scheduler, tables, "/maintenance");
        server.mountManagement(
            "/maintenance",
            (caller, method, path, query, body) -> {
              MaintenanceApi.Answer answer =
                  api.handle(
                      method,
                      path,
                      query,
                      body,
                      table -> caller.may(Privilege.MAINTAIN, Securable.table(table)));
              return new ManagementEndpoint.Reply(answer.status(), answer.body(), answer.headers());
            });
        String base = "http://127.0.0.1:" + server.managementPort();
        authorization = TestCatalogServers.bearer(server);
        String job = "{\"table\":\"raw.api.events\",\"job\":\"orphans\",\"dry-run\":true}";

        HttpResponse<String> started = post(base + "/maintenance/runs", job);

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(started.body());
        long id = answer.path("run").path("id").asLong();
        String location = "/maintenance/runs/" + id;
        assertThat(answer.path("location").asText()).isEqualTo(location);
        assertThat(started.headers().firstValue("Location")).hasValue(location);
        assertThat(answer.path("run").path("status").asText()).isEqualTo("running");
        assertThat(answer.path("run").path("trigger").asText()).isEqualTo("manual");

        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
        JsonNode meanwhile = JSON.readTree(get(base + location).body());
        assertThat(meanwhile.path("run").path("status").asText()).isEqualTo("running");
        assertThat(meanwhile.has("result")).isFalse();
        HttpResponse<String> busy = post(base + "/maintenance/runs", job);
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(JSON.readTree(busy.body()).path("error").path("type").asText())
            .isEqualTo("TableBusyException");
        // Failures are answered from the catalog's one error table, as on the catalog port.
        HttpResponse<String> missing =
            post(base + "/maintenance/runs", "{\"table\":\"raw.api.nope\",\"job\":\"orphans\"}");
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").path("type").asText())
            .isEqualTo("NoSuchTableException");
        HttpResponse<String> unknownJob =
            post(base + "/maintenance/runs", "{\"table\":\"raw.api.events\",\"job\":\"vacuum\"}");
        assertThat(unknownJob.statusCode()).as(unknownJob.body()).isEqualTo(400);
        assertThat(unknownJob.body()).contains("vacuum").doesNotContain("\\tat ");
        assertThat(get(base + "/maintenance/runs/" + (id + 1000)).statusCode()).isEqualTo(404);
        assertThat(get(base + "/maintenance/runs/latest").statusCode()).isEqualTo(404);

        // An analyst reads curated only: raw's runs, policies and jobs are not theirs to see.
        String root = authorization;
        server.authentication().createPrincipal("reader");
        server.privileges().addToRole("reader", "analyst");
        authorization = "Bearer " + server.authentication().issue("reader");
        HttpResponse<String> refused = post(base + "/maintenance/runs", job);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(
                post(base + "/maintenance/runs", "{\"table\":\"raw.api.nope\",\"job\":\"orphans\"}")
                    .statusCode())
            .as("refused before the table is looked up")
            .isEqualTo(403);
        assertThat(get(base + location).statusCode()).isEqualTo(403);
        assertThat(get(base + "/maintenance/policy?table=raw.api.events").statusCode())
            .isEqualTo(403);
        assertThat(get(base + "/maintenance/runs?table=raw.api.events").statusCode())
            .isEqualTo(403);
        assertThat(JSON.readTree(get(base + "/maintenance/runs").body()).path("runs")).isEmpty();
        assertThat(get(base + "/metrics").statusCode()).isEqualTo(403);
        authorization = root;
        assertThat(JSON.readTree(get(base + "/maintenance/runs").body()).path("runs")).hasSize(1);
        // The trigger and the refusals are in the audit trail against the table they named.
        assertThat(server.audit().entries(null, "table raw.api.events", 100))
            .extracting(entry -> entry.principal() + " " + entry.outcome())
            .contains("root applied", "reader denied");

        release.countDown();
        JsonNode finished = awaitFinished(base + location);
        assertThat(finished.path("run").path("status").asText()).isEqualTo("succeeded");
        assertThat(finished.path("result").path("details").get(0).asText())
            .isEqualTo("took its time on raw.api.events");
      }
    }
  }

  /** Polls a run until it has finished; the bound only avoids a hang. */
  private JsonNode awaitFinished(String uri) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
    while (Instant.now().isBefore(giveUp)) {
      JsonNode run = JSON.readTree(get(uri).body());
      if (!run.path("run").path("status").asText().equals("running")) {
        return run;
      }
      Thread.sleep(50);
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
}
