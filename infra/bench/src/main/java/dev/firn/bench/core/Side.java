package dev.firn.bench.core;

/**
 * The catalogs under comparison: Firn on SQLite, the reference server, and Firn on PostgreSQL,
 * which only the commit scenarios measure.
 */
public enum Side {
  FIRN("Firn"),
  REFERENCE("reference"),
  FIRN_POSTGRES("Firn on PostgreSQL");

  private final String label;

  Side(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
