package dev.firn.maintenance.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZoneTablesTest {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private InMemoryCatalog catalog;
  private ZoneTables tables;

  @BeforeEach
  void createCatalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize(
        "mem", Map.of(CatalogProperties.WAREHOUSE_LOCATION, "mem://" + UUID.randomUUID()));
    tables = new ZoneTables(catalog, new PolicyResolver(PolicyDefaults.standard()));
  }

  @AfterEach
  void closeCatalog() throws Exception {
    catalog.close();
  }

  private void create(String table) {
    catalog.createTable(TableIdentifier.parse(table), SCHEMA, PartitionSpec.unpartitioned());
  }

  @Test
  void listsTheTablesUnderOneNamespaceAtAnyDepthAndNoOthers() {
    catalog.createNamespace(Namespace.of("raw"));
    catalog.createNamespace(Namespace.of("raw", "sales"));
    catalog.createNamespace(Namespace.of("raw", "sales", "eu"));
    catalog.createNamespace(Namespace.of("raw", "web"));
    catalog.createNamespace(Namespace.of("curated"));
    create("raw.sales.eu.orders");
    create("raw.sales.returns");
    create("raw.web.clicks");
    create("raw.events");
    create("curated.revenue");

    assertThat(tables.list(Namespace.of("raw", "sales")))
        .extracting(TableIdentifier::toString)
        .containsExactly("raw.sales.returns", "raw.sales.eu.orders");
    assertThat(tables.list(Namespace.of("raw")))
        .extracting(TableIdentifier::toString)
        .containsExactlyInAnyOrder(
            "raw.events", "raw.sales.returns", "raw.sales.eu.orders", "raw.web.clicks");
  }

  @Test
  void anUnknownNamespaceIsAnError() {
    assertThatThrownBy(() -> tables.list(Namespace.of("raw", "nope")))
        .isInstanceOf(NoSuchNamespaceException.class)
        .hasMessageContaining("raw.nope");
  }
}
