/**
 * The catalog database (SQLite or PostgreSQL): schema and migrations, the metadata pointer of every
 * table and view with its compare-and-swap, namespaces and their properties, the registry of table
 * locations, idempotency records, metrics reports, principals and the issuer's signing keys.
 * Iceberg's {@code JdbcCatalog} can read the tables it shares with it; Firn's own tables are
 * prefixed {@code firn_}.
 */
package dev.firn.catalog.store;
