package dev.firn.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3Test {

  private static S3Client client(EmbeddedS3 s3, String key, String secret) {
    return S3Client.builder()
        .endpointOverride(s3.endpoint())
        .region(Region.of(s3.region()))
        .forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .build();
  }

  private static S3Client client(EmbeddedS3 s3) {
    return client(s3, s3.accessKeyId(), s3.secretAccessKey());
  }

  @Test
  void servesTheSdkDefaultsForPutGetListAndBulkDelete() {
    try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
        S3Client client = client(s3)) {
      assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
      client.putObject(b -> b.bucket(s3.bucket()).key("a/one.txt"), RequestBody.fromString("one"));
      client.putObject(b -> b.bucket(s3.bucket()).key("a/two.txt"), RequestBody.fromString("two"));

      assertThat(
              client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("a/one.txt")).asUtf8String())
          .isEqualTo("one");
      assertThat(client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("a/")).contents())
          .extracting(S3Object::key)
          .containsExactly("a/one.txt", "a/two.txt");

      // Bulk deletes carry a checksum header by default; the server must honour them.
      var deleted =
          client.deleteObjects(
              b ->
                  b.bucket(s3.bucket())
                      .delete(
                          Delete.builder()
                              .objects(
                                  ObjectIdentifier.builder().key("a/one.txt").build(),
                                  ObjectIdentifier.builder().key("a/two.txt").build())
                              .build()));
      assertThat(deleted.errors()).isEmpty();
      assertThat(client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("a/")).contents())
          .isEmpty();
    }
  }

  @Test
  void acceptsMultipartUploads() {
    try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
        S3Client client = client(s3)) {
      String uploadId =
          client.createMultipartUpload(b -> b.bucket(s3.bucket()).key("big.bin")).uploadId();
      byte[] part = new byte[5 * 1024 * 1024];
      String etag1 =
          client
              .uploadPart(
                  b -> b.bucket(s3.bucket()).key("big.bin").uploadId(uploadId).partNumber(1),
                  RequestBody.fromBytes(part))
              .eTag();
      String etag2 =
          client
              .uploadPart(
                  b -> b.bucket(s3.bucket()).key("big.bin").uploadId(uploadId).partNumber(2),
                  RequestBody.fromString("tail"))
              .eTag();
      client.completeMultipartUpload(
          b ->
              b.bucket(s3.bucket())
                  .key("big.bin")
                  .uploadId(uploadId)
                  .multipartUpload(
                      CompletedMultipartUpload.builder()
                          .parts(
                              List.of(
                                  CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                                  CompletedPart.builder().partNumber(2).eTag(etag2).build()))
                          .build()));

      assertThat(client.headObject(b -> b.bucket(s3.bucket()).key("big.bin")).contentLength())
          .isEqualTo(part.length + 4L);
    }
  }

  @Test
  void rejectsWrongCredentials() {
    try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
        S3Client client = client(s3, s3.accessKeyId(), "not-the-secret")) {
      assertThatThrownBy(
              () ->
                  client.putObject(
                      b -> b.bucket(s3.bucket()).key("x"), RequestBody.fromString("x")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }

  @Test
  void generatesASecretKeyPerServerWithoutExplicitCredentials() {
    try (EmbeddedS3 one = EmbeddedS3.builder().start();
        EmbeddedS3 two = EmbeddedS3.builder().start();
        EmbeddedS3 given =
            EmbeddedS3.builder().credentials("given", "given-secret-key-of-tests").start();
        S3Client client = client(given)) {
      assertThat(one.accessKeyId()).isEqualTo(EmbeddedS3.DEFAULT_ACCESS_KEY_ID);
      assertThat(one.secretAccessKey()).matches("[A-Za-z0-9_-]{40}");
      assertThat(two.secretAccessKey()).isNotEqualTo(one.secretAccessKey());
      assertThat(given.secretAccessKey()).isEqualTo("given-secret-key-of-tests");
      client.putObject(b -> b.bucket(given.bucket()).key("x"), RequestBody.fromString("x"));
    }
  }

  @Test
  void keepsObjectsInItsDataFolderAcrossRestarts(@TempDir Path dir) {
    try (EmbeddedS3 s3 = EmbeddedS3.builder().dataDirectory(dir).start();
        S3Client client = client(s3)) {
      client.putObject(b -> b.bucket(s3.bucket()).key("kept.txt"), RequestBody.fromString("kept"));
    }

    try (EmbeddedS3 s3 = EmbeddedS3.builder().dataDirectory(dir).start();
        S3Client client = client(s3)) {
      assertThat(client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("kept.txt")).asUtf8String())
          .isEqualTo("kept");
    }
  }
}
