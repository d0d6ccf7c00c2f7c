package dev.firn.bench.core;

/**
 * The compaction engines under comparison: Firn as it runs by default, which copies the row groups
 * of files that need nothing applied; Firn made to decode and write every row, as Spark does; and
 * Spark.
 */
public enum Engine {
  FIRN("Firn"),
  FIRN_ROWS("Firn, rows rewritten"),
  SPARK("Spark");

  private final String label;

  Engine(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean firn() {
    return this != SPARK;
  }
}
