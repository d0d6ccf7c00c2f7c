package dev.firn.bench.core;

/**
 * The compaction engines under comparison: Firn as it runs by default, which copies the row groups
 * of files that need nothing applied; Firn made to decode and write every row, as Spark does; and
 * Spark.
 */
public enum Engine {
  FIRN,
  FIRN_ROWS,
  SPARK;

  public String label() {
    return switch (this) {
      case FIRN -> "Firn";
      case FIRN_ROWS -> "Firn, rows rewritten";
      case SPARK -> "Spark";
    };
  }

  public boolean firn() {
    return this != SPARK;
  }
}
