/**
 * Firn's writer: loads files and records into zone tables as idempotent Iceberg snapshot commits,
 * through any Iceberg catalog (in practice Firn's REST catalog).
 */
package dev.firn.writer;
