package dev.firn.bench;

/** The two catalogs under comparison. */
enum Side {
  FIRN("Firn"),
  REFERENCE("reference");

  private final String label;

  Side(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
