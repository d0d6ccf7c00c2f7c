package dev.firn.bench;

/** The input formats the ingestion benchmark loads. */
enum InputFormat {
  NDJSON("NDJSON", "ndjson"),
  PARQUET("Parquet", "parquet");

  private final String label;
  private final String extension;

  InputFormat(String label, String extension) {
    this.label = label;
    this.extension = extension;
  }

  String label() {
    return label;
  }

  String extension() {
    return extension;
  }
}
