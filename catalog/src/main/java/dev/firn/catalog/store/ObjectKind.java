package dev.firn.catalog.store;

/** What a row of {@code iceberg_tables} holds, as Iceberg's JDBC catalog writes it. */
public enum ObjectKind {
  TABLE,
  VIEW;

  /** The {@code iceberg_type} column value; rows written before views existed hold NULL. */
  String column() {
    return name();
  }

  /** The SQL condition on {@code iceberg_type} that selects this kind. */
  String condition() {
    return this == TABLE
        ? "(iceberg_type = 'TABLE' OR iceberg_type IS NULL)"
        : "iceberg_type = 'VIEW'";
  }
}
