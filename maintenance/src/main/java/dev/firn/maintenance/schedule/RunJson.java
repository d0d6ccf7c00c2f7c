package dev.firn.maintenance.schedule;

import dev.firn.maintenance.Measure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The JSON text the run history stores counts and snapshot ids as: flat objects of measure labels
 * to numbers, and arrays of numbers. Both are written here, so reading needs no JSON library.
 */
final class RunJson {
  private static final Pattern COUNT = Pattern.compile("\"([a-z-]+)\"\\s*:\\s*(-?\\d+)");
  private static final Map<String, Measure> MEASURES =
      Arrays.stream(Measure.values()).collect(Collectors.toMap(Measure::label, measure -> measure));

  private RunJson() {}

  static String counts(Map<Measure, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> "\"" + e.getKey().label() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** Counts read back; labels this version does not know are passed over. */
  static Map<Measure, Long> counts(String json) {
    Map<Measure, Long> counts = new EnumMap<>(Measure.class);
    if (json == null) {
      return counts;
    }
    Matcher m = COUNT.matcher(json);
    while (m.find()) {
      Measure measure = MEASURES.get(m.group(1));
      if (measure != null) {
        counts.put(measure, Long.parseLong(m.group(2)));
      }
    }
    return counts;
  }

  static String ids(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  static List<Long> ids(String json) {
    List<Long> ids = new ArrayList<>();
    if (json == null) {
      return ids;
    }
    String inner = json.trim();
    inner = inner.substring(inner.indexOf('[') + 1, inner.lastIndexOf(']')).trim();
    if (!inner.isEmpty()) {
      for (String id : inner.split(",")) {
        ids.add(Long.parseLong(id.trim()));
      }
    }
    return ids;
  }
}
