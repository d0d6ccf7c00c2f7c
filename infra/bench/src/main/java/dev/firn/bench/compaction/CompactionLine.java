package dev.firn.bench.compaction;

import dev.firn.bench.core.JsonLines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one line of JSON a compaction process prints: Firn's ({@link FirnCompactionRun}) and the
 * Spark engine's ({@code SparkCompactionRun}) share these fields.
 *
 * @param succeeded whether the job succeeded
 * @param filesRewritten data files replaced
 * @param bytesRewritten their bytes
 * @param filesAdded data files written
 * @param bytesAdded their bytes
 * @param durationMillis the job's duration as the job reports it
 * @param startupMillis inside the process, before the job: SparkSession's start-up, or Firn's
 *     catalog connection and table load
 * @param error why the job failed, or null
 */
record CompactionLine(
    boolean succeeded,
    long filesRewritten,
    long bytesRewritten,
    long filesAdded,
    long bytesAdded,
    long durationMillis,
    long startupMillis,
    String error) {
  /** As Firn's process prints it, in the field names of the Spark engine's line. */
  String render(String table) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("engine", "firn");
    fields.put("table", table);
    fields.put("succeeded", succeeded);
    fields.put("files_rewritten", filesRewritten);
    fields.put("bytes_rewritten", bytesRewritten);
    fields.put("files_added", filesAdded);
    fields.put("bytes_added", bytesAdded);
    fields.put("duration_ms", durationMillis);
    fields.put("startup_ms", startupMillis);
    fields.put("error", error);
    return JsonLines.render(fields);
  }

  /** The last result line among a process's output lines, if it printed one. */
  static Optional<CompactionLine> find(List<String> lines) {
    return JsonLines.last(
        lines,
        line -> line.startsWith("{\"engine\""),
        node ->
            new CompactionLine(
                node.path("succeeded").asBoolean(false),
                node.path("files_rewritten").asLong(-1),
                node.path("bytes_rewritten").asLong(-1),
                node.path("files_added").asLong(-1),
                node.path("bytes_added").asLong(-1),
                node.path("duration_ms").asLong(-1),
                node.path("startup_ms").asLong(-1),
                JsonLines.textOrNull(node, "error")));
  }
}
