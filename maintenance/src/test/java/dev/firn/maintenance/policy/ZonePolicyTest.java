package dev.firn.maintenance.policy;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Policies set through a running Firn server, inherited down namespaces and checked on entry. */
@ExtendWith(S3EndpointExtension.class)
class ZonePolicyTest {
  static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  private CatalogServer server;
  private RESTCatalog catalog;

  @BeforeEach
  void start(S3Endpoint s3, @TempDir Path dir) {
    server =
        TestCatalogServers.start(
            s3,
            TestCatalogServers.Database.sqlite(dir),
            settings -> settings.managementPort(-1).propertyRule(PolicyKey::validate));
    catalog = TestCatalogServers.client(server, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    catalog.close();
    server.close();
  }

  @Test
  void aPolicyOnCuratedReachesATableTwoNamespacesBelowAndTheTableOverridesIt() {
    // Iceberg's client needs mutable maps here: its request builder probes them for null keys.
    catalog.setProperties(
        Namespace.of("curated"),
        new HashMap<>(
            Map.of(
                PolicyKey.SNAPSHOT_MAX_AGE.property(), "30d",
                PolicyKey.ORPHAN_MIN_AGE.property(), "10d")));
    catalog.createNamespace(Namespace.of("curated", "sales"));
    catalog.createNamespace(
        Namespace.of("curated", "sales", "eu"),
        new HashMap<>(Map.of(PolicyKey.SNAPSHOT_MIN_KEPT.property(), "20")));
    TableIdentifier orders = TableIdentifier.of("curated", "sales", "eu", "orders");
    catalog
        .buildTable(orders, SCHEMA)
        .withProperty(PolicyKey.ORPHAN_MIN_AGE.property(), "14d")
        .create();

    EffectivePolicy policy = new PolicyResolver(PolicyDefaults.standard()).resolve(catalog, orders);

    assertThat(policy.snapshotMaxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(policy.setting(PolicyKey.SNAPSHOT_MAX_AGE).source()).isEqualTo("namespace curated");
    assertThat(policy.snapshotMinKept()).isEqualTo(20);
    assertThat(policy.orphanMinAge()).isEqualTo(Duration.ofDays(14));
    assertThat(policy.setting(PolicyKey.ORPHAN_MIN_AGE).source())
        .isEqualTo("table curated.sales.eu.orders");
    assertThat(policy.targetFileSize()).isEqualTo(512L << 20);
  }

  // Iceberg's client turns a 400 into BadRequestException, or into IllegalArgumentException when
  // the error body's type says so; it raises either only for a 400.
  @Test
  void theCatalogRefusesValuesBelowAFloorOrUnreadable() {
    assertThatThrownBy(
            () ->
                catalog.setProperties(
                    Namespace.of("curated"),
                    new HashMap<>(Map.of(PolicyKey.ORPHAN_MIN_AGE.property(), "2h"))))
        .isInstanceOfAny(BadRequestException.class, IllegalArgumentException.class)
        .hasMessageContaining("Invalid firn.maintenance.orphan.min-age: 2h (must be at least 24h)");
    assertThatThrownBy(
            () ->
                catalog.createNamespace(
                    Namespace.of("raw", "x"),
                    new HashMap<>(Map.of(PolicyKey.SNAPSHOT_MIN_KEPT.property(), "0"))))
        .isInstanceOfAny(BadRequestException.class, IllegalArgumentException.class)
        .hasMessageContaining("must be at least 1");

    TableIdentifier table = TableIdentifier.of("raw", "events");
    catalog.createTable(table, SCHEMA);
    assertThatThrownBy(
            () ->
                catalog
                    .loadTable(table)
                    .updateProperties()
                    .set(PolicyKey.SNAPSHOT_MAX_AGE.property(), "forever")
                    .commit())
        .isInstanceOfAny(BadRequestException.class, IllegalArgumentException.class)
        .hasMessageContaining("Invalid firn.maintenance.snapshot.max-age: forever");
    assertThatThrownBy(
            () ->
                catalog
                    .buildTable(TableIdentifier.of("raw", "other"), SCHEMA)
                    .withProperty("firn.maintenance.compaction.target-size", "1GB")
                    .create())
        .isInstanceOfAny(BadRequestException.class, IllegalArgumentException.class)
        .hasMessageContaining("Unknown policy property: firn.maintenance.compaction.target-size");

    assertThat(catalog.loadNamespaceMetadata(Namespace.of("curated")))
        .doesNotContainKey(PolicyKey.ORPHAN_MIN_AGE.property());
    assertThat(catalog.loadTable(table).properties())
        .doesNotContainKey(PolicyKey.SNAPSHOT_MAX_AGE.property());
    assertThat(catalog.tableExists(TableIdentifier.of("raw", "other"))).isFalse();
  }
}
