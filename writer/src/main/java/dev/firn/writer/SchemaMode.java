package dev.firn.writer;

import java.util.Locale;

/** How far a load may change a table's schema. */
public enum SchemaMode {
  /**
   * Add columns, make columns optional, and widen types that typed inputs (Avro, Parquet, records)
   * declare wider. Text inputs never widen a column. The default.
   */
  ADDITIVE,
  /** Change nothing: a load whose inputs need any schema change is refused. */
  STRICT,
  /** Additive, and text inputs widen too: a whole number beyond an int column widens it to long. */
  EVOLVE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code additive}, {@code strict} or {@code evolve}. */
  public static SchemaMode parse(String text) {
    for (SchemaMode mode : values()) {
      if (mode.label().equalsIgnoreCase(text.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "Invalid schema mode: " + text + " (additive, strict or evolve)");
  }
}
