package dev.firn.bench.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The line of flat JSON a measured child process prints per job as its result: written from an
 * ordered map, and found again as a line that looks like one and parses.
 */
public final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  public static String render(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the result line", e);
    }
  }

  /**
   * The last line among a process's output that {@code looksLike} accepts and {@code parse} reads;
   * a line that merely looks like one, or does not parse, is passed over.
   */
  public static <T> Optional<T> last(
      List<String> lines, Predicate<String> looksLike, Function<JsonNode, T> parse) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).trim();
      if (!looksLike.test(line)) {
        continue;
      }
      try {
        return Optional.of(parse.apply(JSON.readTree(line)));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        // Not the result after all; keep looking.
      }
    }
    return Optional.empty();
  }

  /**
   * Every line among a process's output that {@code looksLike} accepts and {@code parse} reads, in
   * order: a process that runs several jobs prints one line each.
   */
  public static <T> List<T> all(
      List<String> lines, Predicate<String> looksLike, Function<JsonNode, T> parse) {
    List<T> found = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.trim();
      if (!looksLike.test(line)) {
        continue;
      }
      try {
        found.add(parse.apply(JSON.readTree(line)));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        // Not a result after all.
      }
    }
    return found;
  }

  /** A text field, or null when it is absent or JSON null. */
  public static String textOrNull(JsonNode node, String field) {
    return node.path(field).isNull() || node.path(field).isMissingNode()
        ? null
        : node.path(field).asText();
  }
}
