package dev.firn.catalog.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.CatalogTests;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Iceberg's own catalog conformance suite, run through Iceberg's {@code RESTCatalog} client against
 * a running Firn server that stores files on the S3 test endpoint. Each test gets a new server with
 * a fresh warehouse and catalog database.
 */
@ExtendWith(S3EndpointExtension.class)
abstract class FirnCatalogTests extends CatalogTests<RESTCatalog> {
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
  protected RESTCatalog initCatalog(String catalogName, Map<String, String> additionalProperties) {
    return server.newClient(additionalProperties);
  }

  /** Firn keeps every table under the warehouse; requested locations must be inside it. */
  @Override
  protected String baseTableLocation(TableIdentifier identifier) {
    return server.warehouse()
        + "/"
        + String.join("/", identifier.namespace().levels())
        + "/"
        + identifier.name()
        + "-requested";
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return true;
  }

  @Override
  protected boolean supportsNestedNamespaces() {
    return true;
  }

  @Override
  protected boolean supportsServerSideRetry() {
    return true;
  }

  @Override
  protected boolean supportsNamesWithDot() {
    return true;
  }

  /**
   * Firn refuses '/' in names by design: names become storage paths, and a slash in one would let a
   * caller reach into another table's folder.
   */
  @Override
  protected boolean supportsNamesWithSlashes() {
    return false;
  }

  /**
   * Every Firn table belongs to a zone, the first level of its namespace, so tables and views in
   * the empty (root) namespace are refused by design.
   */
  @Override
  protected boolean supportsEmptyNamespace() {
    return false;
  }

  /**
   * The inherited version moves the metadata file on the client's local filesystem; Firn's tables
   * live on S3, so this version moves the object away on the S3 endpoint instead. A server that has
   * the table's metadata cached keeps serving it (a hot load reads no storage), so the load is
   * checked on a second server over the same database, whose cache is cold.
   */
  @Override
  @Test
  public void testLoadTableWithMissingMetadataFile(@TempDir Path unused) throws IOException {
    TableIdentifier id = TableIdentifier.of("ns", "tbl");
    catalog().createNamespace(id.namespace());
    catalog().buildTable(id, SCHEMA).create();
    Table table = catalog().loadTable(id);
    String location = ((HasTableOperations) table).operations().current().metadataFileLocation();
    URI uri = URI.create(location);
    String bucket = uri.getHost();
    String key = uri.getPath().substring(1);

    try (S3Client objects = server.s3().client();
        CatalogServer cold = server.sibling();
        RESTCatalog coldClient = TestCatalogServers.client(cold, Map.of())) {
      objects.copyObject(
          b ->
              b.sourceBucket(bucket)
                  .sourceKey(key)
                  .destinationBucket(bucket)
                  .destinationKey(key + ".moved"));
      objects.deleteObject(b -> b.bucket(bucket).key(key));
      try {
        assertThatThrownBy(() -> coldClient.loadTable(id))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining(location);
      } finally {
        objects.copyObject(
            b ->
                b.sourceBucket(bucket)
                    .sourceKey(key + ".moved")
                    .destinationBucket(bucket)
                    .destinationKey(key));
      }
      assertThat(coldClient.loadTable(id).schema().asStruct()).isEqualTo(TABLE_SCHEMA.asStruct());
    }
    assertThat(catalog().loadTable(id).schema().asStruct()).isEqualTo(TABLE_SCHEMA.asStruct());
  }
}
