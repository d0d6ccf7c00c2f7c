package dev.firn.writer;

import java.util.List;

/**
 * The checks a branch must pass before it is published.
 *
 * @param minRows the fewest rows the branch may hold, or null
 * @param maxRows the most rows the branch may hold, or null
 * @param notNull columns that may hold no nulls
 * @param uniqueKey columns whose values together may not repeat (empty: no check)
 */
public record BranchChecks(
    Long minRows, Long maxRows, List<String> notNull, List<String> uniqueKey) {
  public BranchChecks {
    notNull = List.copyOf(notNull);
    uniqueKey = List.copyOf(uniqueKey);
    if (minRows != null && maxRows != null && minRows > maxRows) {
      throw new IllegalArgumentException(
          "Invalid row bounds: " + minRows + ".." + maxRows + " (min is above max)");
    }
  }

  public static BranchChecks none() {
    return new BranchChecks(null, null, List.of(), List.of());
  }

  /** Parses row bounds written {@code MIN..MAX}, {@code MIN..} or {@code ..MAX}. */
  public static BranchChecks rows(String bounds) {
    int dots = bounds.indexOf("..");
    if (dots < 0) {
      throw new IllegalArgumentException(
          "Invalid row bounds: " + bounds + " (write MIN..MAX, MIN.. or ..MAX)");
    }
    try {
      String min = bounds.substring(0, dots).trim();
      String max = bounds.substring(dots + 2).trim();
      return new BranchChecks(
          min.isEmpty() ? null : Long.valueOf(min),
          max.isEmpty() ? null : Long.valueOf(max),
          List.of(),
          List.of());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid row bounds: " + bounds + " (write MIN..MAX, MIN.. or ..MAX)");
    }
  }

  public BranchChecks withNotNull(List<String> columns) {
    return new BranchChecks(minRows, maxRows, columns, uniqueKey);
  }

  public BranchChecks withUniqueKey(List<String> columns) {
    return new BranchChecks(minRows, maxRows, notNull, columns);
  }
}
