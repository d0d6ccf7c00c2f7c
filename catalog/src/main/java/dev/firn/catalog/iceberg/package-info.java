/**
 * The catalog's core, in Iceberg's own terms: {@link dev.firn.catalog.iceberg.FirnCatalog} (tables,
 * views, namespaces and zones), table operations that write metadata files and swap the pointer in
 * the database, multi-table commits, and the storage boundary: where a table lives ({@code
 * TableLocations}), every path a new version adds ({@code AddedPaths}) and where a table may delete
 * ({@code TableFence}). The server-side append rebase lives in {@code rebase}.
 */
package dev.firn.catalog.iceberg;
