package dev.firn.catalog.rest;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.rest.responses.ConfigResponse;

/**
 * {@code GET /v1/config}: the prefix of the warehouse's routes, the endpoints Firn serves, and as
 * defaults the storage settings a client needs, so that a client needs only the catalog URI.
 */
final class ConfigEndpoint {
  private final String warehouseName;
  private final String warehouseLocation;
  private final Map<String, String> clientDefaults;
  private final String idempotencyKeyLifetime;

  ConfigEndpoint(
      String warehouseName,
      String warehouseLocation,
      Map<String, String> clientDefaults,
      String idempotencyKeyLifetime) {
    this.warehouseName = warehouseName;
    this.warehouseLocation = stripTrailingSlash(warehouseLocation);
    this.clientDefaults = clientDefaults;
    this.idempotencyKeyLifetime = idempotencyKeyLifetime;
  }

  /** The configuration for the requested warehouse, by name or by location; null means ours. */
  ConfigResponse respond(String requested, StorageAccess access) {
    if (requested != null
        && !requested.isEmpty()
        && !requested.equals(warehouseName)
        && !stripTrailingSlash(requested).equals(warehouseLocation)) {
      throw new NoSuchWarehouseException(
          "Warehouse does not exist: %s (this catalog serves %s)", requested, warehouseName);
    }
    return ConfigResponse.builder()
        // Iceberg's builder probes for null keys, which immutable maps refuse.
        .withDefaults(new HashMap<>(access.defaults(clientDefaults)))
        .withOverride("prefix", warehouseName)
        .withEndpoints(Route.endpoints())
        .withIdempotencyKeyLifetime(idempotencyKeyLifetime)
        .build();
  }

  private static String stripTrailingSlash(String value) {
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}
