package dev.firn.bench.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one line of flat JSON a measured child prints per job, Firn's side and Spark's alike: it
 * starts with {@code {"engine":}, names the table, and holds a result record's components in snake
 * case. Reading passes over log lines, lines that merely look like one, and fields a record does
 * not have.
 */
public final class ResultLines {
  private static final String START = "{\"engine\":";
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ResultLines() {}

  /** The line of {@code result}, a record, for a job of {@code engine} on {@code table}. */
  public static String render(String engine, String table, Object result) {
    ObjectNode line = JSON.createObjectNode().put("engine", engine).put("table", table);
    line.setAll((ObjectNode) JSON.valueToTree(result));
    return line.toString();
  }

  /** Every result line among a process's output that reads as a {@code type}, in order. */
  public static <T> List<T> all(List<String> lines, Class<T> type) {
    List<T> found = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.trim();
      if (line.startsWith(START)) {
        try {
          found.add(JSON.readValue(line, type));
        } catch (JsonProcessingException e) {
          // Not a result after all.
        }
      }
    }
    return found;
  }

  /** The last result line among a process's output that reads as a {@code type}. */
  public static <T> Optional<T> last(List<String> lines, Class<T> type) {
    List<T> found = all(lines, type);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }
}
