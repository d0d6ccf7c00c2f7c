package dev.firn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith({S3EndpointExtension.class, PostgresExtension.class})
class ExtensionsTest {

  private static void roundTrip(S3Endpoint s3) {
    try (S3Client client = s3.client()) {
      client.putObject(b -> b.bucket(s3.bucket()).key("probe/x.txt"), RequestBody.fromString("x"));
      assertThat(
              client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("probe/x.txt")).asUtf8String())
          .isEqualTo("x");
    }
  }

  @Test
  void handsOutTheEndpointTheEnvironmentSelects(S3Endpoint s3) {
    assertThat(s3.backend()).isEqualTo(S3EndpointExtension.fromEnvironment());
    assertThat(s3.icebergProperties())
        .containsEntry("s3.endpoint", s3.uri().toString())
        .containsEntry("s3.path-style-access", "true");
    roundTrip(s3);
  }

  @Test
  @UseS3Backend(S3Backend.S3PROXY)
  void handsOutS3ProxyWhenAskedFor(S3Endpoint s3) {
    assertThat(s3.backend()).isEqualTo(S3Backend.S3PROXY);
    roundTrip(s3);
  }

  @Test
  @UseS3Backend(S3Backend.MINIO)
  void handsOutMinioWhenAskedForOrSkipsWithoutDocker(S3Endpoint s3) {
    assertThat(s3.backend()).isEqualTo(S3Backend.MINIO);
    roundTrip(s3);
  }

  @Test
  void readsPinnedImagesFromTheComposeEnvironmentFile() {
    assertThat(ContainerImages.minio()).startsWith("quay.io/minio/minio:RELEASE.");
  }

  @Test
  void createsIsolatedPostgresDatabases(PostgresEndpoint postgres) throws Exception {
    PostgresEndpoint first = postgres.newDatabase("probe");
    PostgresEndpoint second = postgres.newDatabase("probe");
    assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
    try (Connection connection = first.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (x int)");
      statement.execute("INSERT INTO t VALUES (42)");
      try (ResultSet rows = statement.executeQuery("SELECT x FROM t")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(42);
      }
    }
    try (Connection connection = second.connect();
        ResultSet tables = connection.getMetaData().getTables(null, null, "t", null)) {
      assertThat(tables.next()).isFalse();
    }
  }
}
