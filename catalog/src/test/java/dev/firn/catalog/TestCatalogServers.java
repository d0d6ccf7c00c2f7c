package dev.firn.catalog;

import dev.firn.catalog.store.DatabaseConfig;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.S3Endpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.iceberg.rest.RESTCatalog;

/** Starts Firn catalog servers for tests: a fresh warehouse on the test S3 endpoint each time. */
public final class TestCatalogServers {
  private TestCatalogServers() {}

  /** A database for one test: a new SQLite file, or a new warehouse name on PostgreSQL. */
  public record Database(DatabaseConfig config) {
    public static Database sqlite(Path directory) {
      return new Database(DatabaseConfig.sqlite(directory.resolve("catalog.db")));
    }

    public static Database postgres(PostgresEndpoint postgres) {
      return new Database(
          DatabaseConfig.postgres(postgres.jdbcUrl(), postgres.user(), postgres.password()));
    }
  }

  /** A server on a free port, with a unique warehouse name and location. */
  public static CatalogServer start(S3Endpoint s3, Database database) {
    String name = "wh_" + UUID.randomUUID().toString().substring(0, 8);
    return start(s3, database, name, s3.location(name));
  }

  /** A server on a free port, with settings changed from the defaults by {@code settings}. */
  public static CatalogServer start(
      S3Endpoint s3, Database database, UnaryOperator<CatalogConfig.Builder> settings) {
    String name = "wh_" + UUID.randomUUID().toString().substring(0, 8);
    return start(s3, database, name, s3.location(name), settings);
  }

  public static CatalogServer start(
      S3Endpoint s3, Database database, String warehouseName, String warehouseLocation) {
    return start(s3, database, warehouseName, warehouseLocation, UnaryOperator.identity());
  }

  private static CatalogServer start(
      S3Endpoint s3,
      Database database,
      String warehouseName,
      String warehouseLocation,
      UnaryOperator<CatalogConfig.Builder> settings) {
    return CatalogServer.start(
        settings
            .apply(
                CatalogConfig.builder(
                        warehouseLocation,
                        database.config(),
                        s3.icebergProperties(),
                        s3.icebergProperties())
                    .port(0)
                    .managementPort(0)
                    .warehouseName(warehouseName))
            .build());
  }

  /** A REST client of the server, as a user would configure one: the URI and the warehouse. */
  public static RESTCatalog client(CatalogServer server, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>();
    properties.put("uri", server.uri().toString());
    properties.put("warehouse", server.config().warehouseName());
    // A server error must fail the test, not be retried away (1 is the least Iceberg accepts).
    properties.put("rest.client.max-retries", "1");
    properties.putAll(extra);
    RESTCatalog client = new RESTCatalog();
    client.initialize("firn", properties);
    return client;
  }
}
