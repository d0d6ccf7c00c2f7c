package dev.firn.maintenance.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicySetting;
import dev.firn.maintenance.schedule.CompletedRun;
import dev.firn.maintenance.schedule.RunRecord;
import dev.firn.maintenance.schedule.Scheduler;
import dev.firn.maintenance.schedule.TableBusyException;
import dev.firn.maintenance.schedule.ZoneTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The maintenance part of Firn's management API, served beside the health endpoints and outside the
 * catalog's {@code /v1/}:
 *
 * <ul>
 *   <li>{@code GET /runs[?table=T][&limit=N]}: the run history, newest first;
 *   <li>{@code GET /policy?table=T}: a table's effective policy, each value with its source;
 *   <li>{@code POST /runs} with {@code {"table": T, "job": "compaction", "dry-run": true}}: runs a
 *       job now under the table's lease and answers with the recorded run and what it did.
 * </ul>
 *
 * Answers are plain maps and lists for the host to write as JSON.
 */
public final class MaintenanceApi {
  public static final int LIMIT_DEFAULT = 50;
  public static final int LIMIT_MAX = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Scheduler scheduler;
  private final ZoneTables tables;

  /** An answer: an HTTP status and a body of maps, lists, strings and numbers. */
  public record Answer(int status, Object body) {}

  public MaintenanceApi(Scheduler scheduler, ZoneTables tables) {
    this.scheduler = scheduler;
    this.tables = tables;
  }

  /**
   * Answers one request.
   *
   * @param path the path below the API's prefix, such as {@code /runs}
   */
  public Answer handle(String method, String path, Map<String, String> query, byte[] body) {
    try {
      return switch (method + " " + path) {
        case "GET /runs" -> runs(query);
        case "POST /runs" -> trigger(body);
        case "GET /policy" -> policy(query);
        default ->
            error(404, "NoSuchEndpointException", "No such endpoint: " + method + " " + path);
      };
    } catch (NoSuchTableException e) {
      return error(404, "NoSuchTableException", e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(400, "BadRequestException", e.getMessage());
    } catch (TableBusyException e) {
      return error(409, "TableBusyException", e.getMessage());
    }
  }

  private Answer runs(Map<String, String> query) {
    int limit = limit(query.get("limit"));
    String table = query.get("table");
    List<RunRecord> runs =
        table == null
            ? scheduler.history().recent(limit)
            : scheduler.history().recent(TableIdentifier.parse(table), limit);
    List<Object> listed = new ArrayList<>();
    runs.forEach(run -> listed.add(run(run)));
    return new Answer(200, Map.of("runs", listed));
  }

  private Answer trigger(byte[] body) {
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
    TableIdentifier table = TableIdentifier.parse(request.path("table").asText());
    JobKind kind = JobKind.of(request.path("job").asText());
    boolean dryRun = request.path("dry-run").asBoolean(false);
    tables.load(table);
    CompletedRun run = scheduler.trigger(table, kind, dryRun);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("run", run(run.record()));
    answer.put("result", result(run.result()));
    return new Answer(200, answer);
  }

  private Answer policy(Map<String, String> query) {
    String table = query.get("table");
    if (table == null) {
      throw new IllegalArgumentException("Missing query parameter: table");
    }
    EffectivePolicy policy = tables.load(TableIdentifier.parse(table)).policy();
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
    Map<String, Long> counts = new LinkedHashMap<>();
    run.counts().forEach((measure, count) -> counts.put(measure.label(), count));
    json.put("counts", counts);
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
