package dev.firn.maintenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one JSON form of a {@link JobResult}, for everything that writes or reads one: the Spark
 * engine's result line, {@code firn serve} reading it back, the run history's counts and snapshot
 * ids, the management API and the firn command's {@code --json}. A whole result is
 *
 * <pre>
 * {"table":"raw.events","job":"compaction","dry-run":false,"started":"2026-11-22T07:00:00Z",
 *  "duration-ms":5120,"counts":{"files-rewritten":40},"snapshot-ids":[42],"details":[...],
 *  "error":null}
 * </pre>
 *
 * Counts are keyed by {@link Measure#label()}, in the order of {@link Measure}; a reader passes
 * over labels it does not know, so that an older Firn reads what a newer one wrote. The duration is
 * kept to the millisecond.
 */
public final class JobResultJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Measure> MEASURES =
      Arrays.stream(Measure.values())
          .collect(Collectors.toMap(Measure::label, Function.identity()));

  private JobResultJson() {}

  /** A whole result as a JSON object. */
  public static ObjectNode node(JobResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("table", result.table());
    node.put("job", result.kind().label());
    node.put("dry-run", result.dryRun());
    node.put("started", result.started().toString());
    node.put("duration-ms", result.duration().toMillis());
    node.set("counts", JSON.valueToTree(countsByLabel(result.counts())));
    result.snapshotIds().forEach(node.putArray("snapshot-ids")::add);
    result.details().forEach(node.putArray("details")::add);
    node.put("error", result.error());
    return node;
  }

  /**
   * A whole result read back from {@link #node(JobResult)}'s form; fields other than these are
   * passed over.
   *
   * @throws IllegalArgumentException when the object is not a result
   */
  public static JobResult result(JsonNode node) {
    try {
      JsonNode error = node.path("error");
      return new JobResult(
          node.path("table").asText(),
          JobKind.of(node.path("job").asText()),
          node.path("dry-run").asBoolean(),
          Instant.parse(node.path("started").asText()),
          Duration.ofMillis(node.path("duration-ms").asLong()),
          counts(node.path("counts")),
          snapshotIds(node.path("snapshot-ids")),
          details(node.path("details")),
          error.isTextual() ? error.asText() : null);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Unreadable job result: " + e.getMessage(), e);
    }
  }

  /** Counts keyed by their labels, in the order of {@link Measure}, to write as a JSON object. */
  public static Map<String, Long> countsByLabel(Map<Measure, Long> counts) {
    Map<Measure, Long> ordered = new EnumMap<>(Measure.class);
    ordered.putAll(counts);
    Map<String, Long> labelled = new LinkedHashMap<>();
    ordered.forEach((measure, count) -> labelled.put(measure.label(), count));
    return labelled;
  }

  /**
   * Counts read from a JSON object of labels; labels this version does not know are passed over.
   */
  public static Map<Measure, Long> counts(JsonNode node) {
    Map<Measure, Long> counts = new EnumMap<>(Measure.class);
    node.fields()
        .forEachRemaining(
            field -> {
              Measure measure = MEASURES.get(field.getKey());
              if (measure != null && field.getValue().isNumber()) {
                counts.put(measure, field.getValue().asLong());
              }
            });
    return counts;
  }

  /** Snapshot ids read from a JSON array of numbers. */
  public static List<Long> snapshotIds(JsonNode node) {
    List<Long> ids = new ArrayList<>();
    node.forEach(id -> ids.add(id.asLong()));
    return ids;
  }

  /**
   * A value of this form (a result's node, counts by label, a list of ids) as JSON text on one
   * line: Jackson escapes line breaks inside strings.
   */
  public static String text(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a job result as JSON", e);
    }
  }

  /**
   * JSON text read back; a missing node for {@code null}, so that reading its counts or ids finds
   * none.
   *
   * @throws IllegalArgumentException when the text is not JSON
   */
  public static JsonNode tree(String text) {
    if (text == null) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode tree = JSON.readTree(text);
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static List<String> details(JsonNode node) {
    List<String> details = new ArrayList<>();
    node.forEach(detail -> details.add(detail.asText()));
    return details;
  }
}
