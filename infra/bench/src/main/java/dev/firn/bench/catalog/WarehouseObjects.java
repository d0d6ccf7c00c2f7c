package dev.firn.bench.catalog;

import dev.firn.testing.S3Endpoint;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes a dropped table's files from the embedded store between repetitions. The store keeps
 * objects in the harness's memory, and each commit repetition writes a growing metadata file per
 * commit; without removal, a default run would hold gigabytes.
 */
final class WarehouseObjects implements AutoCloseable {
  private static final int DELETE_BATCH = 1000;

  private final S3Client client;

  WarehouseObjects(S3Endpoint storage) {
    this.client =
        S3Client.builder()
            .endpointOverride(storage.uri())
            .region(Region.of(storage.region()))
            .forcePathStyle(true)
            .httpClientBuilder(ApacheHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(storage.accessKeyId(), storage.secretAccessKey())))
            .build();
  }

  /** Deletes every object under an {@code s3://bucket/path} location; returns how many. */
  int deleteUnder(String location) {
    URI uri = URI.create(location);
    String bucket = uri.getHost();
    String prefix = uri.getPath().substring(1) + "/";
    List<ObjectIdentifier> keys = new ArrayList<>();
    ListObjectsV2Request listing =
        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
    for (S3Object object : client.listObjectsV2Paginator(listing).contents()) {
      keys.add(ObjectIdentifier.builder().key(object.key()).build());
    }
    for (int start = 0; start < keys.size(); start += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          keys.subList(start, Math.min(keys.size(), start + DELETE_BATCH));
      client.deleteObjects(
          request -> request.bucket(bucket).delete(Delete.builder().objects(batch).build()));
    }
    return keys.size();
  }

  @Override
  public void close() {
    client.close();
  }
}
