package dev.firn.bench.ingest;

import java.util.Locale;

/** The input formats the ingestion benchmark loads. */
public enum InputFormat {
  NDJSON,
  PARQUET;

  String label() {
    return this == NDJSON ? "NDJSON" : "Parquet";
  }

  String extension() {
    return name().toLowerCase(Locale.ROOT);
  }
}
