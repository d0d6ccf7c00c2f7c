package dev.firn.catalog.rest;

import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.access.Authentication;
import dev.firn.catalog.access.Privileges;
import dev.firn.catalog.iceberg.FirnCatalog;
import dev.firn.catalog.store.AuditStore;
import dev.firn.catalog.store.IdempotencyStore;
import dev.firn.catalog.store.ReportStore;
import dev.firn.catalog.store.TableStore;
import java.util.Map;

/** The Iceberg REST catalog service over HTTP, for one warehouse. */
public final class RestService implements AutoCloseable {
  private final HttpServer server;

  private RestService(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @param catalog the warehouse's catalog
   * @param tables its table store, for paged listings
   * @param reports where reports from clients are kept
   * @param idempotency where requests with an {@code Idempotency-Key} are tracked
   * @param metrics where requests are counted
   * @param authentication who is calling
   * @param privileges what each caller may do
   * @param audit where mutations and refusals are recorded
   * @param storageConfig the storage settings handed to clients in config and load responses
   * @param serverStorage the catalog's own storage settings, whose keys sign for clients
   * @param settings where to listen and how much to accept
   */
  public static RestService start(
      FirnCatalog catalog,
      TableStore tables,
      ReportStore reports,
      IdempotencyStore idempotency,
      CatalogMetrics metrics,
      Authentication authentication,
      Privileges privileges,
      AuditStore audit,
      Map<String, String> storageConfig,
      Map<String, String> serverStorage,
      Settings settings) {
    CatalogAdapter adapter =
        new CatalogAdapter(
            catalog,
            reports,
            new TablePaging(tables),
            storageConfig,
            new RemoteSigner(storageConfig, serverStorage));
    IdempotentRequests idempotent = new IdempotentRequests(idempotency, catalog.name(), metrics);
    ConfigEndpoint config =
        new ConfigEndpoint(
            catalog.name(), catalog.warehouse(), storageConfig, idempotent.lifetime());
    RestHandler handler =
        new RestHandler(
            catalog.name(),
            adapter,
            config,
            idempotent,
            metrics,
            authentication,
            new AccessLayer(
                privileges,
                storageConfig.keySet().stream().anyMatch(StorageAccess.KEY_PROPERTIES::contains)),
            new AuditTrail(audit),
            settings.maxRequestBytes());
    return new RestService(
        HttpServer.start(
            "firn-rest",
            settings.host(),
            settings.port(),
            settings.maxThreads(),
            settings.allowList(),
            handler));
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * Where and how the service listens.
   *
   * @param host the interface to bind
   * @param port the port, 0 for any free one
   * @param maxThreads the most requests served at once
   * @param maxRequestBytes the largest request body accepted (larger gets 413)
   * @param allowList the hosts and origins accepted besides loopback
   */
  public record Settings(
      String host, int port, int maxThreads, long maxRequestBytes, AllowList allowList) {}
}
