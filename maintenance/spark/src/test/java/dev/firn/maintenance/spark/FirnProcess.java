package dev.firn.maintenance.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
  private final Path dataDirectory;
  private final Path log;
  private Map<String, String> clientConfig;

  private FirnProcess(
      Process process,
      Thread reaper,
      URI catalogUri,
      URI managementUri,
      Path dataDirectory,
      Path log) {
    this.process = process;
    this.reaper = reaper;
    this.catalogUri = catalogUri;
    this.managementUri = managementUri;
    this.dataDirectory = dataDirectory;
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
        dataDirectory,
        log);
  }

  /**
   * Waits until the server has written its root credential and answers {@code /v1/config} to it,
   * and keeps what it says.
   */
  void awaitReady() throws IOException, InterruptedException {
    clientConfig = awaitConfig(process, catalogUri, dataDirectory.resolve("root.credential"), log);
  }

  /** The root credential the server wrote to its data folder, once ready. */
  String credential() throws IOException {
    return Files.readString(dataDirectory.resolve("root.credential")).trim();
  }

  /** Catalog client properties that sign in as root. */
  Map<String, String> signIn() throws IOException {
    return Map.of(
        "uri",
        catalogUri.toString(),
        "credential",
        credential(),
        "oauth2-server-uri",
        catalogUri + "/v1/oauth/tokens");
  }

  /** Creates a principal in a role through the management port, as root; answers its credential. */
  String createPrincipal(String name, String role) throws IOException, InterruptedException {
    HttpResponse<String> reply =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(managementUri.resolve("/access/principals"))
                    .header("Authorization", bearer())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (reply.statusCode() != 201) {
      throw new IllegalStateException("Cannot create principal " + name + ": " + reply.body());
    }
    return new ObjectMapper().readTree(reply.body()).path("credential").asText();
  }

  /** What the server has logged so far. */
  String log() throws IOException {
    return Files.readString(log);
  }

  /** An {@code Authorization} header value for raw requests as root. */
  String bearer() throws IOException, InterruptedException {
    return "Bearer " + token(HttpClient.newHttpClient(), catalogUri, credential());
  }

  private static String token(HttpClient http, URI uri, String credential)
      throws IOException, InterruptedException {
    int colon = credential.indexOf(':');
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(credential.substring(0, colon), StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(credential.substring(colon + 1), StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri.resolve("/v1/oauth/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("No token for the root credential: " + response.body());
    }
    return new ObjectMapper().readTree(response.body()).path("access_token").asText();
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

  private static Map<String, String> awaitConfig(
      Process process, URI uri, Path credentialFile, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "firn serve exited with " + process.exitValue() + ":\n" + tail(log));
      }
      if (!Files.isRegularFile(credentialFile)) {
        Thread.sleep(200);
        continue;
      }
      try {
        HttpRequest request =
            HttpRequest.newBuilder(uri.resolve("/v1/config"))
                .header(
                    "Authorization",
                    "Bearer " + token(http, uri, Files.readString(credentialFile).trim()))
                .timeout(Duration.ofSeconds(5))
                .build();
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
