/**
 * The server-side append rebase: a plain append that lost a race is applied again on the table's
 * current metadata by the catalog itself (its manifest list read, every manifest it names checked
 * to lie inside the table, the snapshot rebuilt with new totals), instead of failing the client
 * with a conflict. Only appends qualify ({@link dev.firn.catalog.rebase.AppendRequest}); anything
 * else keeps Iceberg's optimistic concurrency.
 */
package dev.firn.catalog.rebase;
