package dev.firn.catalog;

import dev.firn.catalog.store.DatabaseConfig;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the catalog service needs to start, with Firn's defaults in one place.
 *
 * @param host the interface the REST service binds
 * @param port the REST service's port, 0 for any free one
 * @param warehouseName the warehouse's name: the REST prefix and the catalog name in the database
 * @param warehouseLocation where table folders go, e.g. {@code s3://warehouse}
 * @param database the catalog database
 * @param storage the server's own {@code S3FileIO} properties ({@code s3.*}, {@code client.*})
 * @param clientStorage the storage properties handed to clients through {@code /v1/config}
 * @param maxThreads the most requests served at once
 * @param maxRequestBytes the largest request body accepted
 */
public record CatalogConfig(
    String host,
    int port,
    String warehouseName,
    String warehouseLocation,
    DatabaseConfig database,
    Map<String, String> storage,
    Map<String, String> clientStorage,
    int maxThreads,
    long maxRequestBytes) {

  public static final String HOST_DEFAULT = "127.0.0.1";
  public static final int PORT_DEFAULT = 8181;
  public static final String WAREHOUSE_NAME_DEFAULT = "firn";
  public static final int MAX_THREADS_DEFAULT = 64;
  public static final long MAX_REQUEST_BYTES_DEFAULT = 16L * 1024 * 1024;

  public CatalogConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    storage = Map.copyOf(storage);
    clientStorage = Map.copyOf(clientStorage);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Invalid port: " + port + " (must be 0..65535)");
    }
    if (warehouseName == null || !warehouseName.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException(
          "Invalid warehouse name: "
              + warehouseName
              + " (letters, digits, '_' and '-', at most 63, starting with a letter or digit)");
    }
    if (warehouseLocation == null || !warehouseLocation.matches("s3[an]?://[^/]+(/.*)?")) {
      throw new IllegalArgumentException(
          "Invalid warehouse location: " + warehouseLocation + " (must be s3://bucket[/path])");
    }
    if (maxThreads < 8) {
      throw new IllegalArgumentException("Invalid max-threads: " + maxThreads + " (must be >= 8)");
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "Invalid max-request-bytes: " + maxRequestBytes + " (must be >= 1024)");
    }
  }

  /** A configuration with Firn's defaults for everything but storage and database. */
  public static CatalogConfig of(
      String warehouseLocation,
      DatabaseConfig database,
      Map<String, String> storage,
      Map<String, String> clientStorage) {
    return new CatalogConfig(
        HOST_DEFAULT,
        PORT_DEFAULT,
        WAREHOUSE_NAME_DEFAULT,
        warehouseLocation,
        database,
        storage,
        clientStorage,
        MAX_THREADS_DEFAULT,
        MAX_REQUEST_BYTES_DEFAULT);
  }

  public CatalogConfig withPort(int newPort) {
    return new CatalogConfig(
        host,
        newPort,
        warehouseName,
        warehouseLocation,
        database,
        storage,
        clientStorage,
        maxThreads,
        maxRequestBytes);
  }

  public CatalogConfig withHost(String newHost) {
    return new CatalogConfig(
        newHost,
        port,
        warehouseName,
        warehouseLocation,
        database,
        storage,
        clientStorage,
        maxThreads,
        maxRequestBytes);
  }

  public CatalogConfig withWarehouseName(String newName) {
    return new CatalogConfig(
        host,
        port,
        newName,
        warehouseLocation,
        database,
        storage,
        clientStorage,
        maxThreads,
        maxRequestBytes);
  }

  public CatalogConfig withMaxRequestBytes(long newLimit) {
    return new CatalogConfig(
        host,
        port,
        warehouseName,
        warehouseLocation,
        database,
        storage,
        clientStorage,
        maxThreads,
        newLimit);
  }
}
