/**
 * The HTTP side of the catalog: the Iceberg REST routes ({@link dev.firn.catalog.rest.Route}) and
 * the management port, the request guard (hosts, origins, content types), JSON bodies read with
 * Iceberg's own parsers, idempotency keys, ETags and the one table from exceptions to Iceberg's
 * error bodies ({@link dev.firn.catalog.rest.ErrorMapping}). Requests go down to {@code iceberg};
 * nothing here touches the database or storage directly.
 */
package dev.firn.catalog.rest;
