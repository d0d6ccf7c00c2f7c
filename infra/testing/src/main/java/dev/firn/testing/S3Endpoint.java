package dev.firn.testing;

import dev.firn.s3.EmbeddedS3;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A reachable S3-compatible endpoint for a test: where it is, how to sign for it, and which bucket
 * the test may write to.
 *
 * @param backend which server this is
 * @param uri the endpoint URI, e.g. {@code http://127.0.0.1:40123}
 * @param region the signing region
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret key
 * @param bucket a bucket that exists and that tests may write to
 */
public record S3Endpoint(
    S3Backend backend,
    URI uri,
    String region,
    String accessKeyId,
    String secretAccessKey,
    String bucket) {

  /** The endpoint of an embedded S3 server. */
  public static S3Endpoint of(EmbeddedS3 server) {
    return new S3Endpoint(
        S3Backend.S3PROXY,
        server.endpoint(),
        server.region(),
        server.accessKeyId(),
        server.secretAccessKey(),
        server.bucket());
  }

  /** The Iceberg {@code S3FileIO} properties that reach this endpoint. */
  public Map<String, String> icebergProperties() {
    return Map.of(
        "s3.endpoint", uri.toString(),
        "s3.path-style-access", "true",
        "s3.access-key-id", accessKeyId,
        "s3.secret-access-key", secretAccessKey,
        "client.region", region);
  }

  /** An {@code s3://} location in this endpoint's bucket. */
  public String location(String path) {
    return "s3://" + bucket + "/" + path;
  }

  /** A fresh, unique {@code s3://} prefix in this endpoint's bucket, for one test's warehouse. */
  public String uniqueLocation(String name) {
    return location(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** A new client for this endpoint; the caller closes it. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(uri)
        .region(Region.of(region))
        .forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder())
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .build();
  }
}
