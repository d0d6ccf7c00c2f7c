package dev.firn.maintenance.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one line of JSON {@link SparkJobRun} prints: a whole {@link JobResult} and how long
 * SparkSession took to start. {@code firn serve} launches the job in a child process and reads the
 * line back from the child's output, so its field names are a contract:
 *
 * <pre>
 * {"engine":"spark","table":"raw.events","job":"compaction","dry-run":false,
 *  "started":"2026-11-22T07:00:00Z","duration-ms":5120,"startup-ms":8210,
 *  "counts":{"files-rewritten":40,...},"snapshot-ids":[...],"details":[...],"error":null}
 * </pre>
 *
 * Counts are keyed by {@link Measure#label()}; a reader passes over labels it does not know. The
 * duration is kept to the millisecond, and at most {@link #MAX_DETAILS} detail lines are written.
 *
 * @param result what the job did
 * @param startupMillis how long the SparkSession took to start, before the job
 */
record ResultLine(JobResult result, long startupMillis) {
  /** How every result line starts, so that a reader can find it among log lines. */
  static final String PREFIX = "{\"engine\":\"spark\"";

  /** The most detail lines written; a large table can have hundreds of thousands of groups. */
  static final int MAX_DETAILS = TableFacts.MAX_DETAILS;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The line, without a line break. */
  String render() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("engine", "spark");
    fields.put("table", result.table());
    fields.put("job", result.kind().label());
    fields.put("dry-run", result.dryRun());
    fields.put("started", result.started().toString());
    fields.put("duration-ms", result.duration().toMillis());
    fields.put("startup-ms", startupMillis);
    Map<String, Long> counts = new LinkedHashMap<>();
    result.counts().forEach((measure, count) -> counts.put(measure.label(), count));
    fields.put("counts", counts);
    fields.put("snapshot-ids", result.snapshotIds());
    fields.put("details", cappedDetails(result.details()));
    fields.put("error", result.error());
    try {
      // Jackson escapes line breaks inside strings, so the result stays on one line.
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the result line", e);
    }
  }

  /**
   * Reads a line written by {@link #render()}.
   *
   * @throws IllegalArgumentException when the line is not a result line
   */
  static ResultLine parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not a Spark result line: " + line);
    }
    try {
      return read(JSON.readTree(line));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("Unreadable Spark result line: " + e.getMessage(), e);
    }
  }

  private static ResultLine read(JsonNode node) {
    Map<Measure, Long> counts = new EnumMap<>(Measure.class);
    node.path("counts")
        .fields()
        .forEachRemaining(
            field -> {
              for (Measure measure : Measure.values()) {
                if (measure.label().equals(field.getKey())) {
                  counts.put(measure, field.getValue().asLong());
                }
              }
            });
    List<Long> snapshotIds = new ArrayList<>();
    node.path("snapshot-ids").forEach(id -> snapshotIds.add(id.asLong()));
    List<String> details = new ArrayList<>();
    node.path("details").forEach(detail -> details.add(detail.asText()));
    JobResult result =
        new JobResult(
            node.path("table").asText(),
            JobKind.of(node.path("job").asText()),
            node.path("dry-run").asBoolean(),
            Instant.parse(node.path("started").asText()),
            Duration.ofMillis(node.path("duration-ms").asLong()),
            counts,
            snapshotIds,
            details,
            node.path("error").isTextual() ? node.path("error").asText() : null);
    return new ResultLine(result, node.path("startup-ms").asLong());
  }

  private static List<String> cappedDetails(List<String> details) {
    // One more than the cap passes: a job's own cap adds a closing "... and N more" line.
    if (details.size() <= MAX_DETAILS + 1) {
      return details;
    }
    List<String> capped = new ArrayList<>(details.subList(0, MAX_DETAILS));
    capped.add("... and " + (details.size() - MAX_DETAILS) + " more");
    return capped;
  }
}
