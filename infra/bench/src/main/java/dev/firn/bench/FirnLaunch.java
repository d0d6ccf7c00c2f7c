package dev.firn.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Starts Firn's catalog in a child JVM on the harness's own classpath ({@link FirnServerMain}). */
final class FirnLaunch {
  static final String WAREHOUSE_PATH = "firn";
  // A classpath resource: warnings only, like the reference server.
  static final String LOGGING_CONFIGURATION = "firn-server-logback.xml";

  private FirnLaunch() {}

  static LaunchedServer start(StorageSettings storage, Path workDirectory, ServerJvm jvm) {
    Path directory = workDirectory.resolve("firn");
    Path portFile = directory.resolve("port");
    Path settingsFile = directory.resolve("settings.properties");
    Properties settings = new Properties();
    settings.setProperty(FirnServerMain.WAREHOUSE, storage.location(WAREHOUSE_PATH));
    settings.setProperty(
        FirnServerMain.DATABASE_FILE, directory.resolve("catalog.db").toAbsolutePath().toString());
    settings.setProperty(FirnServerMain.PORT_FILE, portFile.toAbsolutePath().toString());
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
            workDirectory.resolve("firn-gc.log"),
            List.of("-Dlogback.configurationFile=" + LOGGING_CONFIGURATION),
            FirnServerMain.class.getName());
    command.add(settingsFile.toAbsolutePath().toString());
    ServerProcess server =
        ServerProcess.launch(
            Side.FIRN,
            command,
            environment -> {},
            workDirectory.resolve("firn.log"),
            workDirectory.resolve("firn-gc.log"));
    server.awaitReady(() -> Files.exists(portFile));
    return new LaunchedServer(server, URI.create("http://127.0.0.1:" + readPort(portFile)));
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
    try {
      return Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + portFile, e);
    }
  }
}
