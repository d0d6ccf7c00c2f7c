package dev.firn.maintenance.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Firn server ({@code firn serve} with its embedded S3 store) in a child process: Spark and
 * Firn's server do not share a JVM. The child runs under a shell that kills it when this JVM's end
 * of its stdin closes, so that it dies with this JVM even when this JVM is killed outright.
 */
final class FirnProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final Process process;
  private final Thread reaper;
  private final URI catalogUri;
  private final URI managementUri;
  private final Path log;
  private Map<String, String> clientConfig;

  private FirnProcess(Process process, Thread reaper, URI catalogUri, URI managementUri, Path log) {
    this.process = process;
    this.reaper = reaper;
    this.catalogUri = catalogUri;
    this.managementUri = managementUri;
    this.log = log;
  }

  /**
   * Starts {@code firn serve} on free ports with its data under a folder; {@link #awaitReady()}
   * waits until it serves.
   */
  static FirnProcess start(Path dataDirectory, Path log) throws IOException {
    return start(dataDirectory, log, Map.of());
  }

  /**
   * Starts {@code firn serve} with more settings, given as {@code FIRN_*} environment variables.
   */
  static FirnProcess start(Path dataDirectory, Path log, Map<String, String> settings)
      throws IOException {
    Path jar = Path.of(System.getProperty("firn.cli.jar", "../../infra/cli/target/firn-cli.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Missing the firn command jar: "
              + jar.toAbsolutePath().normalize()
              + " (build it with ./mvnw -o -q package -pl infra/cli -DskipTests)");
    }
    int port = freePort();
    int s3Port = freePort();
    int managementPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            "sh",
            "-c",
            // The child dies when stdin closes (this JVM exited) or when the shell is stopped.
            "\"$@\" & child=$!; trap 'kill $child; wait $child; exit' TERM; read ignored; kill $child; wait $child",
            "firn",
            java,
            "-Xmx512m",
            "-jar",
            jar.toAbsolutePath().toString(),
            "serve",
            "--data-dir",
            dataDirectory.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--embedded-s3-port",
            String.valueOf(s3Port));
    builder.environment().put("FIRN_CATALOG_MANAGEMENT_PORT", String.valueOf(managementPort));
    builder.environment().putAll(settings);
    Files.createDirectories(log.getParent());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    Thread reaper = new Thread(process::destroy, "firn-process-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    return new FirnProcess(
        process,
        reaper,
        URI.create("http://127.0.0.1:" + port),
        URI.create("http://127.0.0.1:" + managementPort),
        log);
  }

  /** Waits until the server answers {@code /v1/config}, and keeps what it says. */
  void awaitReady() throws IOException, InterruptedException {
    clientConfig = awaitConfig(process, catalogUri, log);
  }

  URI catalogUri() {
    return catalogUri;
  }

  /** The management port's root: health, metrics and {@code /maintenance}. */
  URI managementUri() {
    return managementUri;
  }

  /** The defaults of {@code /v1/config}, once ready: S3 endpoint, keys and region. */
  Map<String, String> clientConfig() {
    return clientConfig;
  }

  @Override
  public void close() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs anyway.
    }
  }

  private static void stop(Process process) {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> awaitConfig(Process process, URI uri, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/v1/config")).timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "firn serve exited with " + process.exitValue() + ":\n" + tail(log));
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          JsonNode defaults = new ObjectMapper().readTree(response.body()).path("defaults");
          Map<String, String> config = new HashMap<>();
          defaults.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
          return config;
        }
      } catch (ConnectException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "firn serve did not answer within " + STARTUP + ":\n" + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
