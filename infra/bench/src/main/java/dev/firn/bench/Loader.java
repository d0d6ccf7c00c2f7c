package dev.firn.bench;

/** The two loaders under comparison in the ingestion benchmark. */
enum Loader {
  FIRN("Firn"),
  BASELINE("plain Iceberg");

  private final String label;

  Loader(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
