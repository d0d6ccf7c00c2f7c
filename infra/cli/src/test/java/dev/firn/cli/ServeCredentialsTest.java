package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.iceberg.rest.responses.ConfigResponseParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  /** The storage defaults of the catalog's {@code /v1/config}. */
  private static Map<String, String> clientDefaults(ServeStack stack) throws Exception {
    URI uri = ServeMaintenance.reachable(stack.catalog().uri()).resolve("/v1/config");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return ConfigResponseParser.fromJson(response.body()).defaults();
  }

  /** The connection settings {@code firn serve} prints for this stack. */
  private static String printed(ServeStack stack) {
    return ConnectionHelp.render(
        stack.catalog().uri(),
        stack.config().warehouseName(),
        stack.storage(),
        stack.embeddedStorage().orElseThrow().endpoint());
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
