package dev.firn.catalog.store;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A Firn catalog database stays readable by Iceberg's own {@code JdbcCatalog}. */
@ExtendWith(S3EndpointExtension.class)
class JdbcCatalogReadabilityTest {
  @Test
  void icebergsJdbcCatalogReadsWhatFirnWrote(S3Endpoint s3, @TempDir Path dir) throws Exception {
    Schema schema = new Schema(required(1, "id", Types.LongType.get()));
    Database database = Database.sqlite(dir);
    String warehouse;
    String warehouseName;
    TableIdentifier table = TableIdentifier.of("raw", "sales", "orders");
    TableIdentifier view = TableIdentifier.of("raw", "sales", "recent_orders");
    String tableLocation;
    try (CatalogServer server = TestCatalogServers.start(s3, database);
        RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
      warehouse = server.catalog().warehouse();
      warehouseName = server.config().warehouseName();
      client.createNamespace(
          Namespace.of("raw", "sales"), new HashMap<>(Map.of("owner", "sales-team")));
      tableLocation = client.createTable(table, schema).location();
      client
          .buildView(view)
          .withSchema(schema)
          .withDefaultNamespace(table.namespace())
          .withQuery("spark", "SELECT id FROM raw.sales.orders")
          .create();
    }

    Map<String, String> properties = new HashMap<>(s3.icebergProperties());
    properties.put("uri", database.config().jdbcUrl());
    properties.put("warehouse", warehouse);
    properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    properties.put("jdbc.schema-version", "V1");
    try (JdbcCatalog jdbc = new JdbcCatalog()) {
      jdbc.initialize(warehouseName, properties);
      assertThat(jdbc.listNamespaces()).contains(Namespace.of("raw"), Namespace.of("curated"));
      assertThat(jdbc.loadNamespaceMetadata(Namespace.of("raw", "sales")))
          .containsEntry("owner", "sales-team");
      assertThat(jdbc.listTables(Namespace.of("raw", "sales"))).containsExactly(table);
      assertThat(jdbc.loadTable(table).location()).isEqualTo(tableLocation);
      assertThat(jdbc.listViews(Namespace.of("raw", "sales"))).containsExactly(view);
      View loaded = jdbc.loadView(view);
      assertThat(loaded.sqlFor("spark").sql()).isEqualTo("SELECT id FROM raw.sales.orders");
    }
  }
}
