package dev.firn.bench.core;

import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.S3Endpoint;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** Starts Firn's catalog in a child JVM on the harness's own classpath ({@link FirnServerMain}). */
public final class FirnLaunch {
  public static final String WAREHOUSE_PATH = "firn";
  // A classpath resource: warnings only, like the reference server.
  static final String LOGGING_CONFIGURATION = "firn-server-logback.xml";

  private FirnLaunch() {}

  public static LaunchedServer start(S3Endpoint storage, Path workDirectory, ServerJvm jvm) {
    return start(Side.FIRN, storage, workDirectory, jvm, null);
  }

  /**
   * Starts Firn as {@code side}, on PostgreSQL at {@code postgres}, or on a SQLite file of its own
   * when that is null. Each side has its own warehouse folder, log and settings.
   */
  public static LaunchedServer start(
      Side side, S3Endpoint storage, Path workDirectory, ServerJvm jvm, PostgresEndpoint postgres) {
    // "firn" and "firn-postgres": folder, log and warehouse path of the side.
    String name = side.name().toLowerCase(Locale.ROOT).replace('_', '-');
    Path directory = workDirectory.resolve(name);
    Path portFile = directory.resolve("port");
    Path settingsFile = directory.resolve("settings.properties");
    Properties settings = new Properties();
    settings.setProperty(
        FirnServerMain.WAREHOUSE, storage.location(side == Side.FIRN ? WAREHOUSE_PATH : name));
    settings.setProperty(
        FirnServerMain.DATABASE_FILE, directory.resolve("catalog.db").toAbsolutePath().toString());
    if (postgres != null) {
      settings.setProperty(FirnServerMain.DATABASE_URL, postgres.jdbcUrl());
      settings.setProperty(FirnServerMain.DATABASE_USER, postgres.user());
      settings.setProperty(FirnServerMain.DATABASE_PASSWORD, postgres.password());
    }
    settings.setProperty(FirnServerMain.PORT_FILE, portFile.toAbsolutePath().toString());
    Path credentialFile = directory.resolve("root.credential");
    settings.setProperty(
        FirnServerMain.CREDENTIAL_FILE, credentialFile.toAbsolutePath().toString());
    storage
        .icebergProperties()
        .forEach((key, value) -> settings.setProperty(FirnServerMain.STORAGE_PREFIX + key, value));
    try {
      Files.createDirectories(directory);
      try (Writer writer = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
        settings.store(writer, "Firn benchmark server");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + settingsFile, e);
    }

    List<String> command =
        jvm.command(
            ownClasspath(),
            workDirectory.resolve(name + "-gc.log"),
            List.of("-Dlogback.configurationFile=" + LOGGING_CONFIGURATION),
            FirnServerMain.class.getName());
    command.add(settingsFile.toAbsolutePath().toString());
    ServerProcess server =
        ServerProcess.launch(
            side,
            command,
            environment -> {},
            workDirectory.resolve(name + ".log"),
            workDirectory.resolve(name + "-gc.log"));
    server.awaitReady(() -> Files.exists(portFile));
    return new LaunchedServer(
        server, URI.create("http://127.0.0.1:" + readPort(portFile)), read(credentialFile));
  }

  // With `java -jar`, the class path is the jar alone; its manifest names the libraries.
  static String ownClasspath() {
    return String.join(
        File.pathSeparator,
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .toList());
  }

  private static int readPort(Path portFile) {
    return Integer.parseInt(read(portFile));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
