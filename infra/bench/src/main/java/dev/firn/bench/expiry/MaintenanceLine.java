package dev.firn.bench.expiry;

import dev.firn.bench.core.JsonLines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line of JSON an expiry or orphan process prints per job: Firn's ({@link FirnMaintenanceRun})
 * and the Spark engine's ({@code SparkMaintenanceRun}) share these fields.
 *
 * @param engine {@code firn} or {@code spark}
 * @param job what ran
 * @param succeeded whether the job succeeded
 * @param snapshotsExpired snapshots expiry removed; 0 for orphan listing
 * @param filesFound the files expiry would delete, or the orphans found
 * @param filesListed the files orphan listing listed, or -1 where the engine does not say
 * @param durationMillis the job alone, timed around its call
 * @param startupMillis inside the process, before the job: for a process's first job,
 *     SparkSession's start-up, or Firn's catalog connection, table load and policy; for a later
 *     one, loading its table (and, for Firn, its policy)
 * @param error why the job failed, or null
 */
public record MaintenanceLine(
    String engine,
    MaintenanceJob job,
    boolean succeeded,
    long snapshotsExpired,
    long filesFound,
    long filesListed,
    long durationMillis,
    long startupMillis,
    String error) {
  String render(String table) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("engine", engine);
    fields.put("job", job.option());
    fields.put("table", table);
    fields.put("succeeded", succeeded);
    fields.put("snapshots_expired", snapshotsExpired);
    fields.put("files_found", filesFound);
    fields.put("files_listed", filesListed);
    fields.put("duration_ms", durationMillis);
    fields.put("startup_ms", startupMillis);
    fields.put("error", error);
    return JsonLines.render(fields);
  }

  /** Every result line among a process's output lines, in order. */
  static List<MaintenanceLine> all(List<String> lines) {
    return JsonLines.all(
        lines,
        line -> line.startsWith("{\"engine\"") && line.contains("\"job\""),
        node ->
            new MaintenanceLine(
                node.path("engine").asText(),
                MaintenanceJob.of(node.path("job").asText()),
                node.path("succeeded").asBoolean(false),
                node.path("snapshots_expired").asLong(-1),
                node.path("files_found").asLong(-1),
                node.path("files_listed").asLong(-1),
                node.path("duration_ms").asLong(-1),
                node.path("startup_ms").asLong(-1),
                JsonLines.textOrNull(node, "error")));
  }
}
