package dev.firn.bench.core;

/**
 * The catalogs under comparison: Firn on SQLite, the reference server, and Firn on PostgreSQL,
 * which only the commit scenarios measure.
 */
public enum Side {
  FIRN,
  REFERENCE,
  FIRN_POSTGRES;

  public String label() {
    return switch (this) {
      case FIRN -> "Firn";
      case REFERENCE -> "reference";
      case FIRN_POSTGRES -> "Firn on PostgreSQL";
    };
  }
}
