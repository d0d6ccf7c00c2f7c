package dev.firn.catalog.conformance;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.io.IOException;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ViewCatalogTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Iceberg's own view catalog conformance suite, run through Iceberg's {@code RESTCatalog} client
 * against a running Firn server that stores files on the S3 test endpoint.
 */
@ExtendWith(S3EndpointExtension.class)
abstract class FirnViewCatalogTests extends ViewCatalogTests<RESTCatalog> {
  private final ConformanceServer server = new ConformanceServer();

  /** The database for one test's server. */
  protected abstract Database database() throws IOException;

  @BeforeEach
  void startServer(S3Endpoint endpoint) throws IOException {
    server.start(endpoint, database());
  }

  @AfterEach
  void stopServer() throws IOException {
    server.stop();
  }

  @Override
  protected RESTCatalog catalog() {
    return server.client();
  }

  @Override
  protected Catalog tableCatalog() {
    return server.client();
  }

  /** Firn keeps every view under the warehouse; requested locations must be inside it. */
  @Override
  protected String viewLocation(String... paths) {
    return server.warehouse() + "/ns/requested/" + String.join("/", paths);
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return true;
  }

  @Override
  protected boolean supportsServerSideRetry() {
    return true;
  }

  /**
   * Every Firn view belongs to a zone, the first level of its namespace, so views in the empty
   * (root) namespace are refused by design.
   */
  @Override
  protected boolean supportsEmptyNamespace() {
    return false;
  }
}
