package dev.firn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away Keycloak server, a real OpenID Connect provider, started from Keycloak's
 * distribution as Maven Central publishes it ({@code org.keycloak:keycloak-quarkus-dist}, which the
 * build copies next to the tests and names in the {@value #DISTRIBUTION} system property). It runs
 * in development mode with an in-memory database, on loopback, with one realm imported at start,
 * and is gone when it stops.
 *
 * <p>Keycloak needs Java 21 or later: the test JVM's own when it is recent enough, else {@code
 * FIRN_KEYCLOAK_JAVA_HOME}, else the newest JDK under {@code /usr/lib/jvm}.
 */
public final class LocalKeycloak implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKeycloak.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The system property naming the distribution's zip file. */
  public static final String DISTRIBUTION = "firn.keycloak.distribution";

  private static final int JAVA_MIN = 21;
  private static final long START_TIMEOUT_SECONDS = 300;
  private static final String ADMIN = "admin";

  private final Path home;
  private final Process process;
  private final int port;
  private final String adminPassword;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalKeycloak(Path home, Process process, int port, String adminPassword) {
    this.home = home;
    this.process = process;
    this.port = port;
    this.adminPassword = adminPassword;
  }

  /** The distribution's zip file, when the build provided it. */
  public static Optional<Path> distribution() {
    String named = System.getProperty(DISTRIBUTION);
    return named == null || named.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(named)).filter(Files::isRegularFile);
  }

  /** A JDK that can run Keycloak, if this machine has one. */
  public static Optional<Path> javaHome() {
    if (Runtime.version().feature() >= JAVA_MIN) {
      return Optional.of(Path.of(System.getProperty("java.home")));
    }
    String configured = System.getenv("FIRN_KEYCLOAK_JAVA_HOME");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(home -> featureOf(home) >= JAVA_MIN);
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .filter(home -> featureOf(home) >= JAVA_MIN)
          .max(Comparator.comparingInt(LocalKeycloak::featureOf));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The Java feature release of a JDK, from its {@code release} file; 0 when unknown. */
  private static int featureOf(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring(line.indexOf('"') + 1);
          return Integer.parseInt(version.split("[.\"]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot read the version of {}", home, e);
    }
    return 0;
  }

  /** Set to {@code true} (as in CI), a machine that cannot start Keycloak fails its tests. */
  public static final String REQUIRE_ENV = "FIRN_TEST_REQUIRE_KEYCLOAK";

  /**
   * Skips the calling test when Keycloak cannot start here, or fails it when {@value #REQUIRE_ENV}
   * is set.
   */
  public static void assumeAvailable() {
    Optional<String> reason = unavailable();
    if (reason.isPresent() && Boolean.parseBoolean(System.getenv(REQUIRE_ENV))) {
      throw new IllegalStateException(reason.get() + "; " + REQUIRE_ENV + " is set");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(reason.isEmpty(), reason::get);
  }

  /** Why Keycloak cannot start here, or empty when it can. */
  public static Optional<String> unavailable() {
    if (distribution().isEmpty()) {
      return Optional.of(
          "Keycloak's distribution is not built next to the tests (system property "
              + DISTRIBUTION
              + "): run the tests through Maven");
    }
    if (javaHome().isEmpty()) {
      return Optional.of(
          "Keycloak needs Java "
              + JAVA_MIN
              + " or later: none found (set FIRN_KEYCLOAK_JAVA_HOME to one)");
    }
    return Optional.empty();
  }

  /**
   * Unpacks the distribution into a temporary folder and starts it with {@code realm} (a realm
   * representation as Keycloak's import reads it), returning once the realm answers.
   */
  public static LocalKeycloak start(String realm) {
    Path zip = distribution().orElseThrow(() -> new IllegalStateException(unavailable().get()));
    Path java = javaHome().orElseThrow(() -> new IllegalStateException(unavailable().get()));
    try {
      Path home = Files.createTempDirectory("firn-keycloak-");
      Path root = unpack(zip, home);
      Path imports = Files.createDirectories(root.resolve("data/import"));
      Files.writeString(imports.resolve("realm.json"), realm);
      int port = freePort();
      String password = UUID.randomUUID().toString();
      ProcessBuilder builder =
          new ProcessBuilder(
                  "bash",
                  root.resolve("bin/kc.sh").toString(),
                  "start-dev",
                  "--http-host=127.0.0.1",
                  "--http-port=" + port,
                  "--http-management-port=" + freePort(),
                  "--db=dev-mem",
                  "--import-realm")
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("keycloak.log").toFile());
      builder.environment().put("JAVA_HOME", java.toString());
      builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
      builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
      LocalKeycloak server = new LocalKeycloak(home, builder.start(), port, password);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "firn-keycloak-stop"));
      server.awaitRealm(JSON.readTree(realm).path("realm").asText());
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Keycloak from " + zip, e);
    }
  }

  /** Unpacks the zip under {@code into}, returning the distribution's top folder. */
  private static Path unpack(Path zip, Path into) throws IOException {
    Path top = null;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("Entry outside the folder: " + entry.getName());
        }
        if (top == null) {
          top = into.resolve(into.relativize(target).getName(0));
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (top == null) {
      throw new IOException("Empty distribution: " + zip);
    }
    return top;
  }

  private void awaitRealm(String realm) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    URI discovery = URI.create(issuer(realm) + "/.well-known/openid-configuration");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak stopped while starting:\n" + logTail());
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(discovery).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          LOG.info("Started Keycloak on 127.0.0.1:{}", port);
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while Keycloak starts", e);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while Keycloak starts", e);
      }
    }
    close();
    throw new IllegalStateException(
        "Keycloak did not start within " + START_TIMEOUT_SECONDS + " s:\n" + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(home.resolve("keycloak.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A realm's issuer URL, as its tokens carry it in {@code iss}. */
  public URI issuer(String realm) {
    return URI.create("http://127.0.0.1:" + port + "/realms/" + realm);
  }

  /** A realm's token endpoint. */
  public URI tokenEndpoint(String realm) {
    return URI.create(issuer(realm) + "/protocol/openid-connect/token");
  }

  /** An access token of a confidential client, from its service account. */
  public String clientToken(String realm, String client, String secret) {
    return token(
        realm,
        Map.of(
            "grant_type",
            "client_credentials",
            "client_id",
            client,
            "client_secret",
            secret,
            "scope",
            "openid"));
  }

  /** An access token of a user, through a client that allows direct sign-in with a password. */
  public String userToken(String realm, String client, String user, String password) {
    return token(
        realm,
        Map.of(
            "grant_type", "password",
            "client_id", client,
            "username", user,
            "password", password,
            "scope", "openid"));
  }

  private String token(String realm, Map<String, String> form) {
    JsonNode answer = send("POST", tokenEndpoint(realm), form(form), null);
    return answer.path("access_token").asText();
  }

  /**
   * Calls Keycloak's admin API ({@code /admin/realms/...}) as its bootstrap admin.
   *
   * @return the answer's JSON, or null when it has no body
   */
  public JsonNode admin(String method, String path, Object body) {
    String adminToken =
        token(
            "master",
            Map.of(
                "grant_type",
                "password",
                "client_id",
                "admin-cli",
                "username",
                ADMIN,
                "password",
                adminPassword));
    try {
      return send(
          method,
          URI.create("http://127.0.0.1:" + port + "/admin/realms" + path),
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)),
          adminToken);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(
        fields.entrySet().stream()
            .map(
                field ->
                    URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")));
  }

  private JsonNode send(String method, URI uri, HttpRequest.BodyPublisher body, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body);
    if (bearer == null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    } else {
      request
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            "Keycloak answered "
                + response.statusCode()
                + " to "
                + method
                + " "
                + uri
                + ": "
                + response.body());
      }
      return response.body().isEmpty() ? null : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public synchronized void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (Files.exists(home)) {
      try (Stream<Path> files = Files.walk(home)) {
        List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
        for (Path file : all) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        LOG.debug("Cannot remove {}", home, e);
      }
    }
  }
}
