package dev.firn.bench;

/** The two compaction engines under comparison. */
enum Engine {
  FIRN("Firn"),
  SPARK("Spark");

  private final String label;

  Engine(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
