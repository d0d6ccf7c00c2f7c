package dev.firn.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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
    fields.put("session_ms", startupMillis);
    fields.put("error", error);
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the result line", e);
    }
  }

  /** The last result line among a process's output lines, if it printed one. */
  static Optional<CompactionLine> find(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).trim();
      if (!line.startsWith("{\"engine\"")) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        return Optional.of(
            new CompactionLine(
                node.path("succeeded").asBoolean(false),
                node.path("files_rewritten").asLong(-1),
                node.path("bytes_rewritten").asLong(-1),
                node.path("files_added").asLong(-1),
                node.path("bytes_added").asLong(-1),
                node.path("duration_ms").asLong(-1),
                node.path("session_ms").asLong(-1),
                node.path("error").isNull() ? null : node.path("error").asText()));
      } catch (JsonProcessingException e) {
        // A line that merely looks like the result; keep looking.
      }
    }
    return Optional.empty();
  }
}
