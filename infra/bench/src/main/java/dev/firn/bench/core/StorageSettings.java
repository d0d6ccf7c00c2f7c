package dev.firn.bench.core;

import dev.firn.s3.EmbeddedS3;
import java.net.URI;
import java.util.Map;

/**
 * The S3 endpoint both servers and all clients store files on.
 *
 * @param endpoint the endpoint URI, on the loopback interface
 * @param bucket the bucket holding both warehouses
 * @param region the signing region
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret key
 */
public record StorageSettings(
    URI endpoint, String bucket, String region, String accessKeyId, String secretAccessKey) {

  public static StorageSettings of(EmbeddedS3 s3) {
    return new StorageSettings(
        s3.endpoint(), s3.bucket(), s3.region(), s3.accessKeyId(), s3.secretAccessKey());
  }

  /** The Iceberg {@code S3FileIO} properties that reach this endpoint. */
  public Map<String, String> icebergProperties() {
    return Map.of(
        "s3.endpoint", endpoint.toString(),
        "s3.path-style-access", "true",
        "s3.access-key-id", accessKeyId,
        "s3.secret-access-key", secretAccessKey,
        "client.region", region);
  }

  /** An {@code s3://} location in the bucket. */
  public String location(String path) {
    return "s3://" + bucket + "/" + path;
  }
}
