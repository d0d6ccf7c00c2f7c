package dev.firn.catalog;

import dev.firn.catalog.access.Credential;
import dev.firn.catalog.store.DatabaseConfig;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.S3Endpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Starts Firn catalog servers for tests: a fresh warehouse on the test S3 endpoint each time, with
 * authentication on, as {@code firn serve} runs. Clients sign in as the {@code root} principal the
 * first start of each warehouse created.
 */
public final class TestCatalogServers {
  // Each warehouse's root credential, from the start that created it; later starts reuse it.
  private static final Map<String, Credential> ROOTS = new ConcurrentHashMap<>();

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
    CatalogServer server =
        CatalogServer.start(
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
    server
        .createdRootCredential()
        .ifPresent(root -> ROOTS.put(server.config().warehouseName(), root));
    return server;
  }

  /** The root credential of the server's warehouse, as a client passes it: {@code id:secret}. */
  public static String rootCredential(CatalogServer server) {
    Credential root = ROOTS.get(server.config().warehouseName());
    if (root == null) {
      throw new IllegalStateException(
          "No root credential known for " + server.config().warehouseName());
    }
    return root.value();
  }

  /**
   * An {@code Authorization} header value for raw HTTP requests, signed by the server's own issuer
   * for {@code root}; empty with authentication off.
   */
  public static String bearer(CatalogServer server) {
    return server.authentication().enabled()
        ? "Bearer " + server.authentication().issue("root")
        : "";
  }

  /** A REST client of the server signed in with another principal's credential. */
  public static RESTCatalog clientAs(CatalogServer server, Credential credential) {
    return client(
        server,
        Map.of(
            "credential",
            credential.value(),
            "oauth2-server-uri",
            server.uri() + "/v1/oauth/tokens"));
  }

  /** The properties an Iceberg client needs to sign in to the server as {@code root}. */
  public static Map<String, String> signIn(CatalogServer server) {
    Map<String, String> properties = new HashMap<>();
    if (server.authentication().enabled()) {
      properties.put("credential", rootCredential(server));
      properties.put("oauth2-server-uri", server.uri() + "/v1/oauth/tokens");
      properties.put("rest.auth.type", "oauth2");
    }
    return properties;
  }

  /**
   * A REST client of the server, as a user would configure one: the URI, the warehouse and the root
   * credential ({@code extra} may replace it, with {@code token} or {@code credential}).
   */
  public static RESTCatalog client(CatalogServer server, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>();
    if (!extra.containsKey("token") && !extra.containsKey("credential")) {
      properties.putAll(signIn(server));
    }
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
