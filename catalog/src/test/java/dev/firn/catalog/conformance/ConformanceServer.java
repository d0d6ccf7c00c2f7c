package dev.firn.catalog.conformance;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.rest.RESTCatalog;

/** One test's Firn server and the REST client the conformance suites drive it with. */
final class ConformanceServer {
  /**
   * Client-side table and view defaults and overrides that the suites expect the client to be
   * configured with (Iceberg's REST compatibility kit configures its client the same way).
   */
  private static final Map<String, String> SUITE_CLIENT_PROPERTIES =
      Map.ofEntries(
          Map.entry("table-default.default-key1", "catalog-default-key1"),
          Map.entry("table-default.default-key2", "catalog-default-key2"),
          Map.entry("table-default.override-key3", "catalog-default-key3"),
          Map.entry("table-override.override-key3", "catalog-override-key3"),
          Map.entry("table-override.override-key4", "catalog-override-key4"),
          Map.entry("view-default.key1", "catalog-default-key1"),
          Map.entry("view-default.key2", "catalog-default-key2"),
          Map.entry("view-default.key3", "catalog-default-key3"),
          Map.entry("view-override.key3", "catalog-override-key3"),
          Map.entry("view-override.key4", "catalog-override-key4"));

  private S3Endpoint s3;
  private Database database;
  private CatalogServer server;
  private RESTCatalog client;

  void start(S3Endpoint endpoint, Database database) {
    this.s3 = endpoint;
    this.database = database;
    this.server = TestCatalogServers.start(endpoint, database);
    this.client = newClient(Map.of());
  }

  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  RESTCatalog client() {
    return client;
  }

  RESTCatalog newClient(Map<String, String> additionalProperties) {
    Map<String, String> properties = new HashMap<>(SUITE_CLIENT_PROPERTIES);
    properties.putAll(additionalProperties);
    return TestCatalogServers.client(server, properties);
  }

  /** A second server on the same database and warehouse, with caches of its own. */
  CatalogServer sibling() {
    return TestCatalogServers.start(
        s3, database, server.config().warehouseName(), server.config().warehouseLocation());
  }

  S3Endpoint s3() {
    return s3;
  }

  String warehouse() {
    return server.catalog().warehouse();
  }
}
