package dev.firn.bench;

/**
 * The compaction engines under comparison: Firn as it runs by default, which copies the row groups
 * of files that need nothing applied; Firn made to decode and write every row, as Spark does; and
 * Spark.
 */
enum Engine {
  FIRN("Firn"),
  FIRN_ROWS("Firn, rows rewritten"),
  SPARK("Spark");

  private final String label;

  Engine(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  boolean firn() {
    return this != SPARK;
  }
}
