package dev.firn.bench;

/**
 * The catalogs under comparison: Firn on SQLite, the reference server, and Firn on PostgreSQL,
 * which only the commit scenarios measure.
 */
enum Side {
  FIRN("Firn"),
  REFERENCE("reference"),
  FIRN_POSTGRES("Firn on PostgreSQL");

  private final String label;

  Side(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
