package dev.firn.bench.ingest;

/** The input formats the ingestion benchmark loads. */
public enum InputFormat {
  NDJSON("NDJSON", "ndjson"),
  PARQUET("Parquet", "parquet");

  private final String label;
  private final String extension;

  InputFormat(String label, String extension) {
    this.label = label;
    this.extension = extension;
  }

  public String label() {
    return label;
  }

  String extension() {
    return extension;
  }
}
