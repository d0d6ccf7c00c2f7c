package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.vocabulary.Zone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every namespace, zones included, reports the folder Firn places its tables under as its {@code
 * location}, as engines that take a new table's location from its namespace (Trino) need; a client
 * cannot move it.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceLocationTest {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.optional(1, "id", Types.LongType.get()));

  private CatalogServer server;
  private RESTCatalog client;
  private String warehouse;

  @BeforeAll
  void start(S3Endpoint s3, @TempDir Path dir) {
    server = TestCatalogServers.start(s3, Database.sqlite(dir));
    client = TestCatalogServers.client(server, Map.of());
    warehouse = server.config().warehouseLocation();
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void everyZoneAndNestedNamespaceReportsWhereItsTablesGo() {
    client.createNamespace(Namespace.of("raw", "shop"));
    client.createNamespace(Namespace.of("raw", "shop", "eu"));
    List<Namespace> namespaces = new ArrayList<>();
    Arrays.stream(Zone.values()).map(Zone::namespace).forEach(namespaces::add);
    namespaces.add(Namespace.of("raw", "shop"));
    namespaces.add(Namespace.of("raw", "shop", "eu"));
    for (Namespace namespace : namespaces) {
      String location = client.loadNamespaceMetadata(namespace).get("location");
      assertThat(location)
          .as(namespace.toString())
          .isEqualTo(warehouse + "/" + String.join("/", namespace.levels()));
      TableIdentifier id = TableIdentifier.of(namespace, "t_" + namespace.length());
      String tableLocation = client.createTable(id, SCHEMA).location();
      assertThat(tableLocation).as(id.toString()).startsWith(location + "/t_");
    }
  }

  @Test
  void aTablePlacedTheWayTrinoPlacesItIsAccepted() {
    Namespace zone = Namespace.of("curated");
    String location =
        client.loadNamespaceMetadata(zone).get("location")
            + "/x-"
            + UUID.randomUUID().toString().replace("-", "");
    TableIdentifier id = TableIdentifier.of(zone, "x");

    assertThat(client.buildTable(id, SCHEMA).withLocation(location).create().location())
        .isEqualTo(location);
  }

  @Test
  void aClientCannotMoveANamespace() {
    Namespace namespace = Namespace.of("cleaned", "crm");
    assertThatThrownBy(
            () ->
                client.createNamespace(
                    namespace, new HashMap<>(Map.of("location", warehouse + "/elsewhere"))))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Firn places its tables under " + warehouse + "/cleaned/crm");
    client.createNamespace(namespace, new HashMap<>(Map.of("owner", "crm-team")));
    assertThatThrownBy(
            () ->
                client.setProperties(
                    namespace, new HashMap<>(Map.of("location", warehouse + "/cleaned/crm/moved"))))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(
            () ->
                client.setProperties(
                    Namespace.of("raw"), new HashMap<>(Map.of("location", warehouse + "/x"))))
        .isInstanceOf(BadRequestException.class);
    client.setProperties(namespace, new HashMap<>(Map.of("location", warehouse + "/cleaned/crm")));
    assertThat(client.loadNamespaceMetadata(namespace))
        .containsEntry("location", warehouse + "/cleaned/crm")
        .containsEntry("owner", "crm-team");
  }
}
