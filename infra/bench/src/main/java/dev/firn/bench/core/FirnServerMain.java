package dev.firn.bench.core;

import dev.firn.catalog.CatalogConfig;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.store.DatabaseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Firn's catalog server as the benchmark runs it: a JVM of its own, started by the harness, so that
 * it is measured the same way as the reference server.
 *
 * <p>It reads its settings from the properties file named by its one argument, runs with
 * authentication on, as {@code firn serve} does, writes the root credential and then the port it
 * bound to files once it serves, and stops when its standard input closes, which also happens when
 * the harness dies.
 */
public final class FirnServerMain {
  static final String WAREHOUSE = "warehouse";
  static final String DATABASE_FILE = "database-file";
  // A PostgreSQL database instead of the SQLite file, when the URL is set.
  static final String DATABASE_URL = "database-url";
  static final String DATABASE_USER = "database-user";
  static final String DATABASE_PASSWORD = "database-password";
  static final String PORT_FILE = "port-file";
  // Where the root credential of the server's first start goes, for the harness's clients.
  static final String CREDENTIAL_FILE = "credential-file";
  static final String STORAGE_PREFIX = "storage.";

  private FirnServerMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("Usage: FirnServerMain <settings.properties>");
    }
    Properties settings = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      settings.load(reader);
    }
    Map<String, String> storage = new HashMap<>();
    for (String key : settings.stringPropertyNames()) {
      if (key.startsWith(STORAGE_PREFIX)) {
        storage.put(key.substring(STORAGE_PREFIX.length()), settings.getProperty(key));
      }
    }
    CatalogConfig config =
        CatalogConfig.builder(settings.getProperty(WAREHOUSE), database(settings), storage, storage)
            .port(0)
            .managementPort(-1)
            .build();
    try (CatalogServer server = CatalogServer.start(config)) {
      Path credentialFile = Path.of(settings.getProperty(CREDENTIAL_FILE));
      server
          .createdRootCredential()
          .ifPresent(
              root -> {
                try {
                  dev.firn.s3.PrivateFile.write(credentialFile, root.value());
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      announcePort(Path.of(settings.getProperty(PORT_FILE)), server.port());
      awaitEndOfInput(System.in);
    }
  }

  static DatabaseConfig database(Properties settings) {
    String url = settings.getProperty(DATABASE_URL);
    return url == null
        ? DatabaseConfig.sqlite(Path.of(settings.getProperty(DATABASE_FILE)))
        : DatabaseConfig.postgres(
            url, settings.getProperty(DATABASE_USER), settings.getProperty(DATABASE_PASSWORD, ""));
  }

  // Written aside and moved, so the harness never reads a half-written port.
  private static void announcePort(Path portFile, int port) throws IOException {
    Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
    Files.writeString(partial, Integer.toString(port), StandardCharsets.UTF_8);
    Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void awaitEndOfInput(InputStream input) throws IOException {
    byte[] buffer = new byte[256];
    while (input.read(buffer) >= 0) {
      // Input is ignored; only its end matters.
    }
  }
}
