package dev.firn.bench.core;

/**
 * Which of its scenario's tables a result is, for the goals: a table of the scenario's figures or
 * of the servers' memory, and for commits the writers and the tables they commit to. A goal keyed
 * by {@link #ANY} holds for every table of figures.
 *
 * @param kind figures or memory
 * @param writers the writers committing at once, or 0 for any
 * @param tables the tables they commit to, or 0 for any
 */
public record TableVariant(Kind kind, int writers, int tables) {
  public static final TableVariant ANY = new TableVariant(Kind.FIGURES, 0, 0);
  public static final TableVariant MEMORY = new TableVariant(Kind.MEMORY, 0, 0);

  enum Kind {
    FIGURES,
    MEMORY
  }

  public TableVariant {
    if (writers < 0 || tables < 0) {
      throw new IllegalArgumentException(
          "Invalid table variant: " + writers + " writers, " + tables + " tables (each >= 0)");
    }
  }

  /** Writers committing to {@code tables} tables. */
  public static TableVariant commits(int writers, int tables) {
    return new TableVariant(Kind.FIGURES, writers, tables);
  }

  /** Writers committing to one table. */
  public static TableVariant writers(int writers) {
    return commits(writers, 1);
  }

  /** Whether a goal keyed by this variant holds for a table of {@code variant}. */
  public boolean covers(TableVariant variant) {
    return kind == variant.kind
        && (writers == 0 || writers == variant.writers)
        && (tables == 0 || tables == variant.tables);
  }
}
