package dev.firn.maintenance.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.JobResultJson;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicySetting;
import dev.firn.maintenance.schedule.CompletedRun;
import dev.firn.maintenance.schedule.RunHistory;
import dev.firn.maintenance.schedule.RunRecord;
import dev.firn.maintenance.schedule.Scheduler;
import dev.firn.maintenance.schedule.StartedRun;
import dev.firn.maintenance.schedule.ZoneTables;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;

/**
 * The maintenance part of Firn's management API, served beside the health endpoints and outside the
 * catalog's {@code /v1/}:
 *
 * <ul>
 *   <li>{@code GET /runs[?table=T][&limit=N]}: the run history, newest first;
 *   <li>{@code GET /runs/{id}}: one run, with what it did or would do while this node remembers;
 *   <li>{@code GET /policy?table=T}: a table's effective policy, each value with its source;
 *   <li>{@code POST /runs} with {@code {"table": T, "job": "compaction", "dry-run": true}}: starts
 *       a job now under the table's lease and answers 202 with the run, running, and where to
 *       follow it; 409 when another job holds the table.
 * </ul>
 *
 * The job runs on the scheduler's pool, so the request thread is free at once: the management port
 * keeps answering health checks however long the job takes. Answers are plain maps and lists for
 * the host to write as JSON.
 */
public final class MaintenanceApi {
  public static final int LIMIT_DEFAULT = 50;
  public static final int LIMIT_MAX = 1000;

  /** How many jobs started here have their results remembered for {@code GET /runs/{id}}. */
  public static final int RESULTS_KEPT = 100;

  // The job's end follows the run's record in the history by a lease release at most.
  private static final Duration RESULT_WAIT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUNS = "/runs";

  private final Scheduler scheduler;
  private final RunHistory history;
  private final ZoneTables tables;
  private final String basePath;
  private final Map<Long, CompletableFuture<CompletedRun>> started = recentlyStarted();

  /**
   * An answer: an HTTP status, a body of maps, lists, strings and numbers, and response headers.
   */
  public record Answer(int status, Object body, Map<String, String> headers) {
    public Answer {
      headers = Map.copyOf(headers);
    }

    public Answer(int status, Object body) {
      this(status, body, Map.of());
    }
  }

  /**
   * The API over a scheduler.
   *
   * @param basePath the path the host serves the API under, such as {@code /maintenance}, for the
   *     links in answers
   */
  public MaintenanceApi(Scheduler scheduler, ZoneTables tables, String basePath) {
    this(scheduler, scheduler.history(), tables, basePath);
  }

  /**
   * The API of a node whose scheduler is off: runs and policies are shown (other nodes, and {@code
   * firn maintain}, may run jobs), and a job asked for is refused with 503.
   */
  public static MaintenanceApi withoutScheduler(
      RunHistory history, ZoneTables tables, String basePath) {
    return new MaintenanceApi(null, history, tables, basePath);
  }

  private MaintenanceApi(
      Scheduler scheduler, RunHistory history, ZoneTables tables, String basePath) {
    this.scheduler = scheduler;
    this.history = history;
    this.tables = tables;
    this.basePath = basePath;
  }

  private static Map<Long, CompletableFuture<CompletedRun>> recentlyStarted() {
    return Collections.synchronizedMap(
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(
              Map.Entry<Long, CompletableFuture<CompletedRun>> eldest) {
            return size() > RESULTS_KEPT;
          }
        });
  }

  /**
   * Answers one request.
   *
   * @param path the path below the API's prefix, such as {@code /runs}
   * @param mayMaintain whether the caller may trigger and see maintenance of a table: a request
   *     about another table is refused before it is looked up, and listings leave its runs out
   */
  public Answer handle(
      String method,
      String path,
      Map<String, String> query,
      byte[] body,
      Predicate<TableIdentifier> mayMaintain) {
    // Failures (no such table, a bad request, a busy table, a stopping scheduler) go up to the
    // management port, which answers them from the catalog's one error table.
    Access access = new Access(mayMaintain);
    if ("GET".equals(method) && path.startsWith(RUNS + "/")) {
      return oneRun(path.substring(RUNS.length() + 1), access);
    }
    return switch (method + " " + path) {
      case "GET " + RUNS -> runs(query, access);
      case "POST " + RUNS -> trigger(body, access);
      case "GET /policy" -> policy(query, access);
      default -> error(404, "NoSuchEndpointException", "No such endpoint: " + method + " " + path);
    };
  }

  /** The caller's right to maintain tables, asked once per table named. */
  private record Access(Predicate<TableIdentifier> mayMaintain) {
    TableIdentifier require(TableIdentifier table) {
      if (!mayMaintain.test(table)) {
        throw new ForbiddenException("Forbidden: the caller lacks maintain on table %s", table);
      }
      return table;
    }

    boolean allows(RunRecord run) {
      return mayMaintain.test(run.table());
    }
  }

  private Answer runs(Map<String, String> query, Access access) {
    int limit = limit(query.get("limit"));
    String table = query.get("table");
    List<RunRecord> runs =
        table == null
            ? history.recent(limit).stream().filter(access::allows).toList()
            : history.recent(access.require(TableIdentifier.parse(table)), limit);
    List<Object> listed = new ArrayList<>();
    runs.forEach(run -> listed.add(run(run)));
    return new Answer(200, Map.of("runs", listed));
  }

  private Answer trigger(byte[] body, Access access) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("Invalid request body: not JSON: " + e.getMessage());
    }
    if (request == null || !request.path("table").isTextual() || !request.path("job").isTextual()) {
      throw new IllegalArgumentException(
          "Invalid request body: must name a \"table\" and a \"job\" (optional \"dry-run\")");
    }
    TableIdentifier table = access.require(TableIdentifier.parse(request.path("table").asText()));
    JobKind kind = JobKind.of(request.path("job").asText());
    boolean dryRun = request.path("dry-run").asBoolean(false);
    tables.load(table);
    if (scheduler == null) {
      return error(
          503,
          "ServiceUnavailableException",
          "Maintenance is off on this node (maintenance.enabled=false): run the job with firn"
              + " maintain, or on a node whose scheduler runs");
    }
    StartedRun run = scheduler.trigger(table, kind, dryRun);
    long id = run.record().id();
    started.put(id, run.completion());
    String location = basePath + RUNS + "/" + id;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("run", run(run.record()));
    answer.put("location", location);
    return new Answer(202, answer, Map.of("Location", location));
  }

  private Answer oneRun(String id, Access access) {
    Optional<RunRecord> run = Optional.empty();
    if (id.matches("[0-9]{1,18}")) {
      run = history.find(Long.parseLong(id));
    }
    if (run.isEmpty()) {
      return error(404, "NoSuchRunException", "No such maintenance run: " + id);
    }
    access.require(run.get().table());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("run", run(run.get()));
    CompletableFuture<CompletedRun> job = started.get(run.get().id());
    if (job != null && run.get().finished() != null) {
      try {
        CompletedRun done = job.get(RESULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        answer.put("result", result(done.result()));
      } catch (ExecutionException | TimeoutException e) {
        // The record above says how the run ended.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Answer(200, answer);
  }

  private Answer policy(Map<String, String> query, Access access) {
    String table = query.get("table");
    if (table == null) {
      throw new IllegalArgumentException("Missing query parameter: table");
    }
    EffectivePolicy policy = tables.load(access.require(TableIdentifier.parse(table))).policy();
    List<Object> settings = new ArrayList<>();
    for (PolicySetting setting : policy.settings()) {
      settings.add(
          Map.of(
              "property", setting.key().property(),
              "value", setting.text(),
              "source", setting.source()));
    }
    return new Answer(
        200, Map.of("table", table, "settings", settings, "warnings", policy.warnings()));
  }

  static Map<String, Object> run(RunRecord run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", run.id());
    json.put("table", run.table().toString());
    json.put("job", run.kind().label());
    json.put("dry-run", run.dryRun());
    json.put("trigger", run.trigger().label());
    json.put("node", run.node());
    json.put("status", run.status().label());
    json.put("started", run.started().toString());
    json.put("finished", run.finished() == null ? null : run.finished().toString());
    json.put("attempt", run.attempt());
    json.put("counts", JobResultJson.countsByLabel(run.counts()));
    json.put("snapshot-ids", run.snapshotIds());
    json.put("error", run.error());
    return json;
  }

  static Map<String, Object> result(JobResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("summary", result.summary());
    json.put("details", result.details());
    return json;
  }

  private static int limit(String text) {
    if (text == null) {
      return LIMIT_DEFAULT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= LIMIT_MAX) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "Invalid limit: " + text + " (must be a whole number from 1 to " + LIMIT_MAX + ")");
  }

  private static Answer error(int status, String type, String message) {
    return new Answer(
        status, Map.of("error", Map.of("message", message, "type", type, "code", status)));
  }
}
