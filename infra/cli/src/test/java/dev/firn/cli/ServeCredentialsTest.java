package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.cli.ServeConfig.StorageConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.rest.responses.ConfigResponseParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The embedded store's keys: random per data folder and kept there, printed by {@code firn serve},
 * and handed out in {@code /v1/config} only while the catalog listens on loopback, unless
 * explicitly allowed.
 */
class ServeCredentialsTest {
  private static final String ACCESS_KEY = "s3.access-key-id";
  private static final String SECRET_KEY = "s3.secret-access-key";

  @Test
  void keepsARandomSecretPerDataFolderAndSharesItOnLoopback(
      @TempDir Path dataDir, @TempDir Path otherDataDir) throws Exception {
    String secret;
    try (ServeStack stack = CommandRuns.startEmbedded(dataDir)) {
      secret = stack.storage().secretAccessKey();
      assertThat(secret).matches("[A-Za-z0-9_-]{40}");
      Path file = dataDir.resolve(ServeStack.EMBEDDED_SECRET_FILE);
      assertThat(Files.readString(file)).contains("secret-access-key=" + secret + "\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(clientDefaults(stack))
          .containsEntry(ACCESS_KEY, "firn")
          .containsEntry(SECRET_KEY, secret);
      assertThat(printed(stack))
          .contains("  s3.aws-access-key=firn\n", "  s3.aws-secret-key=" + secret + "\n");
    }

    try (ServeStack stack = CommandRuns.startEmbedded(dataDir);
        S3Client configured = s3Client(stack, secret)) {
      assertThat(stack.storage().secretAccessKey()).isEqualTo(secret);
      // A client configured with the first start's key still signs for the store.
      configured.headBucket(b -> b.bucket(stack.storage().bucket()));
    }

    try (ServeStack stack = CommandRuns.startEmbedded(otherDataDir)) {
      assertThat(stack.storage().secretAccessKey())
          .matches("[A-Za-z0-9_-]{40}")
          .isNotEqualTo(secret);
    }
  }

  @Test
  void sharesTheKeysOffLoopbackOnlyWhenExplicitlyAllowed(@TempDir Path dataDir) throws Exception {
    Map<String, String> options = new HashMap<>();
    options.put(ServeConfig.DATA_DIR, dataDir.toString());
    options.put(ServeConfig.CATALOG_HOST, "0.0.0.0");
    options.put(ServeConfig.CATALOG_PORT, "0");
    options.put(ServeConfig.MANAGEMENT_PORT, "-1");
    options.put(StorageConfig.EMBEDDED_PORT, "0");

    try (ServeStack stack = start(options)) {
      String secret = stack.storage().secretAccessKey();
      assertThat(clientDefaults(stack)).doesNotContainKeys(ACCESS_KEY, SECRET_KEY);
      // Whoever started Firn still gets the keys, for engines on this machine.
      assertThat(printed(stack))
          .contains(
              "  s3.aws-secret-key=" + secret + "\n",
              "  --conf spark.sql.catalog.firn.s3.secret-access-key=" + secret + "\n");
    }

    options.put(StorageConfig.SHARE_CREDENTIALS, "true");
    assertThatThrownBy(() -> start(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Refusing storage.share-credentials=true with catalog.host 0.0.0.0:")
        .hasMessageContaining("storage.share-credentials-off-loopback=true")
        .hasMessageNotContaining("\n");

    options.put(StorageConfig.SHARE_CREDENTIALS_OFF_LOOPBACK, "true");
    try (ServeStack stack = start(options)) {
      assertThat(clientDefaults(stack))
          .containsEntry(ACCESS_KEY, "firn")
          .containsEntry(SECRET_KEY, stack.storage().secretAccessKey());
    }
  }

  @Test
  void refusesToStartSharingKeysOffLoopbackWithOneLine(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("firn.properties");
    Files.writeString(config, "storage.share-credentials=true\n");
    StringWriter err = new StringWriter();
    CommandLine firn = Firn.commandLine();
    firn.setErr(new PrintWriter(err, true));

    int exit =
        firn.execute(
            "serve",
            "--config",
            config.toString(),
            "--host",
            "192.168.1.20",
            "--data-dir",
            dir.resolve("data").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("firn: Refusing storage.share-credentials=true with catalog.host 192.168.1.20")
        .containsOnlyOnce("\n");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  private static ServeStack start(Map<String, String> options) {
    return ServeStack.start(ServeConfig.from(Settings.load(null, Map.of(), options)));
  }

  /** The storage defaults of the catalog's {@code /v1/config}. */
  private static Map<String, String> clientDefaults(ServeStack stack) throws Exception {
    URI uri = ServeMaintenance.reachable(stack.catalog().uri()).resolve("/v1/config");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri)
                    .header(
                        "Authorization", "Bearer " + stack.catalog().authentication().issue("root"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return ConfigResponseParser.fromJson(response.body()).defaults();
  }

  /** The connection settings {@code firn serve} prints for this stack. */
  private static String printed(ServeStack stack) {
    return ConnectionHelp.render(
        stack.catalog().uri(),
        stack.config().warehouseName(),
        stack.storage(),
        stack.embeddedStorage().orElseThrow().endpoint(),
        null);
  }

  private static S3Client s3Client(ServeStack stack, String secret) {
    return S3Client.builder()
        .endpointOverride(stack.embeddedStorage().orElseThrow().endpoint())
        .region(Region.of(stack.storage().region()))
        .forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder())
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(stack.storage().accessKeyId(), secret)))
        .build();
  }
}
