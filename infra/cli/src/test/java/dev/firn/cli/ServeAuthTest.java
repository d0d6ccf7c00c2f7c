package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.cli.CommandRuns.Run;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn serve} signs callers in by default: the root credential of the first start, kept
 * owner-only in the data folder, and the explicit, loopback-only way to turn that off.
 */
class ServeAuthTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theFirstStartKeepsTheRootCredentialForItsOwnerAndLaterStartsDoNotShowIt(
      @TempDir Path dataDir) throws Exception {
    Path file = dataDir.resolve(ServeStack.ROOT_CREDENTIAL_FILE);
    String credential;
    try (ServeStack stack = start(dataDir, Map.of())) {
      credential = stack.catalog().createdRootCredential().orElseThrow().value();
      assertThat(Files.readString(file).trim()).isEqualTo(credential);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(printed(stack, credential))
          .contains("spark.sql.catalog.firn.credential=" + credential)
          .contains("iceberg.rest-catalog.oauth2.credential=" + credential)
          .contains("credential=\"" + credential + "\"");
      assertThat(get(stack, "/v1/config")).isEqualTo(401);
    }
    try (ServeStack again = start(dataDir, Map.of())) {
      assertThat(again.catalog().createdRootCredential()).isEmpty();
      assertThat(Files.readString(file).trim()).isEqualTo(credential);
      // The kept credential still signs a command in.
      Run listed =
          CommandRuns.firn(
              Firn.commandLine(),
              "namespace",
              "list",
              "--catalog-uri",
              again.catalog().uri().toString(),
              "--credential",
              credential);
      assertThat(listed.exit()).as(listed.err()).isZero();
      Run wrong =
          CommandRuns.firn(
              Firn.commandLine(),
              "namespace",
              "list",
              "--catalog-uri",
              again.catalog().uri().toString(),
              "--credential",
              "root:wrong");
      assertThat(wrong.exit()).isEqualTo(ExitCode.CATALOG);
      assertThat(wrong.err())
          .startsWith("firn: The catalog at ")
          .contains("FIRN_CREDENTIAL")
          .doesNotContain("\tat ")
          .containsOnlyOnce("\n");
      Run malformed =
          CommandRuns.firn(
              Firn.commandLine(),
              "namespace",
              "list",
              "--catalog-uri",
              again.catalog().uri().toString(),
              "--credential",
              "no-colon");
      assertThat(malformed.exit()).isEqualTo(ExitCode.USAGE);
      assertThat(malformed.err()).contains("expected client-id:secret");
    }
  }

  @Test
  void authenticationIsOffOnlyOnLoopback(@TempDir Path dataDir) throws Exception {
    Map<String, String> off = new HashMap<>(Map.of(ServeConfig.AUTH_ENABLED, "false"));
    try (ServeStack stack = start(dataDir.resolve("loopback"), off)) {
      assertThat(stack.catalog().createdRootCredential()).isEmpty();
      assertThat(get(stack, "/v1/config")).isEqualTo(200);
    }
    off.put(ServeConfig.CATALOG_HOST, "0.0.0.0");
    assertThatThrownBy(() -> start(dataDir.resolve("open"), off))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0 is not one");
  }

  private static ServeStack start(Path dataDir, Map<String, String> extra) {
    Map<String, String> options = new HashMap<>();
    options.put(ServeConfig.DATA_DIR, dataDir.toString());
    options.put(ServeConfig.CATALOG_PORT, "0");
    options.put(ServeConfig.MANAGEMENT_PORT, "-1");
    options.put(ServeConfig.StorageConfig.EMBEDDED_PORT, "0");
    options.putAll(extra);
    return ServeStack.start(ServeConfig.from(Settings.load(null, Map.of(), options)));
  }

  private static String printed(ServeStack stack, String credential) {
    return ConnectionHelp.render(
        stack.catalog().uri(),
        stack.config().warehouseName(),
        stack.storage(),
        stack.embeddedStorage().orElseThrow().endpoint(),
        credential);
  }

  private int get(ServeStack stack, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(stack.catalog().uri() + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
