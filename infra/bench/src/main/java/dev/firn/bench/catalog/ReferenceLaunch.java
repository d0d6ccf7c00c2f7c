package dev.firn.bench.catalog;

import dev.firn.bench.core.LaunchedServer;
import dev.firn.bench.core.ReferenceClasspath;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.ServerProcess;
import dev.firn.bench.core.Side;
import dev.firn.testing.S3Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts Iceberg's reference REST server ({@code RESTCatalogServer} from the open-api test
 * fixtures) in a child JVM on its own classpath, with a {@code JdbcCatalog} on a SQLite file and
 * {@code S3FileIO} on the shared endpoint.
 *
 * <p>The server takes its catalog properties from environment variables: {@code CATALOG_}, then the
 * property name in upper case with {@code -} written as {@code __} and {@code .} as {@code _}.
 */
final class ReferenceLaunch {
  static final String MAIN_CLASS = "org.apache.iceberg.rest.RESTCatalogServer";
  static final String WAREHOUSE_PATH = "reference";
  private static final String ENVIRONMENT_PREFIX = "CATALOG_";

  // The same SQLite settings Firn uses for its database: WAL, a synced commit, and a writer that
  // waits for another instead of failing, so the comparison is of the catalogs, not of SQLite.
  static final String SQLITE_OPTIONS = "journal_mode=WAL&synchronous=FULL&busy_timeout=30000";

  private ReferenceLaunch() {}

  static LaunchedServer start(
      S3Endpoint storage,
      Path workDirectory,
      ServerJvm jvm,
      ReferenceClasspath classpath,
      HttpClient http) {
    Path directory = workDirectory.resolve("reference");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + directory, e);
    }
    int port = freePort();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("rest.port", Integer.toString(port));
    properties.put(
        "uri",
        "jdbc:sqlite:" + directory.resolve("catalog.db").toAbsolutePath() + "?" + SQLITE_OPTIONS);
    properties.put("warehouse", storage.location(WAREHOUSE_PATH));
    properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    properties.putAll(storage.icebergProperties());

    List<String> command =
        jvm.command(
            classpath.asArgument(),
            workDirectory.resolve("reference-gc.log"),
            // Warnings only, as for Firn; the server's INFO lines would also print its keys.
            List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
            MAIN_CLASS);
    ServerProcess server =
        ServerProcess.launch(
            Side.REFERENCE,
            command,
            environment -> configure(environment, properties),
            workDirectory.resolve("reference.log"),
            workDirectory.resolve("reference-gc.log"));
    URI uri = URI.create("http://127.0.0.1:" + port);
    server.awaitReady(() -> answersConfig(http, uri));
    return new LaunchedServer(server, uri, null);
  }

  static void configure(Map<String, String> environment, Map<String, String> properties) {
    // Variables of the same prefix in the harness's own environment would leak into the catalog.
    environment.keySet().removeIf(name -> name.startsWith(ENVIRONMENT_PREFIX));
    properties.forEach((name, value) -> environment.put(environmentName(name), value));
  }

  static String environmentName(String property) {
    if (property.contains("_")) {
      throw new IllegalArgumentException(
          "Invalid property for the reference server: " + property + " (has no variable name)");
    }
    return ENVIRONMENT_PREFIX
        + property.replace("-", "__").replace(".", "_").toUpperCase(Locale.ROOT);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }

  private static boolean answersConfig(HttpClient http, URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/v1/config")).timeout(Duration.ofSeconds(2)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
