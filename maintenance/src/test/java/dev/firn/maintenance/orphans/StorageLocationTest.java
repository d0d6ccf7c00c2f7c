package dev.firn.maintenance.orphans;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageLocationTest {
  @Test
  void theS3SchemesNameTheSameObject() {
    StorageLocation s3 = StorageLocation.of("s3://bucket/wh/t/data/f.parquet");

    assertThat(StorageLocation.of("s3a://bucket/wh/t/data/f.parquet")).isEqualTo(s3);
    assertThat(StorageLocation.of("s3n://bucket/wh/t/data/f.parquet")).isEqualTo(s3);
    assertThat(StorageLocation.of("S3A://bucket/wh/t/data/f.parquet")).isEqualTo(s3);
    assertThat(s3)
        .isEqualTo(new StorageLocation("s3", "bucket", "/wh/t/data/f.parquet"))
        .hasToString("s3://bucket/wh/t/data/f.parquet");
  }

  @Test
  void anotherSchemeOrBucketIsAnotherObjectWithTheSamePath() {
    StorageLocation s3 = StorageLocation.of("s3://bucket/wh/f");
    StorageLocation gs = StorageLocation.of("gs://bucket/wh/f");
    StorageLocation elsewhere = StorageLocation.of("s3://other/wh/f");

    assertThat(gs).isNotEqualTo(s3);
    assertThat(elsewhere).isNotEqualTo(s3);
    assertThat(gs.path()).isEqualTo(s3.path()).isEqualTo(elsewhere.path());
    assertThat(gs.scheme()).isEqualTo("gs");
    assertThat(elsewhere.authority()).isEqualTo("other");
  }

  @Test
  void runsOfSlashesInThePathReadAsOne() {
    assertThat(StorageLocation.of("s3://bucket/wh//t///f"))
        .isEqualTo(StorageLocation.of("s3://bucket/wh/t/f"));
  }

  @Test
  void locationsWithoutAnAuthorityOrASchemeKeepTheirPath() {
    assertThat(StorageLocation.of("file:/tmp/wh/f"))
        .isEqualTo(StorageLocation.of("file:///tmp/wh/f"))
        .isEqualTo(new StorageLocation("file", "", "/tmp/wh/f"));
    assertThat(StorageLocation.of("/tmp/wh/f")).isEqualTo(new StorageLocation("", "", "/tmp/wh/f"));
    assertThat(StorageLocation.of("s3://bucket"))
        .isEqualTo(new StorageLocation("s3", "bucket", ""));
    // A colon after the first slash belongs to the path, not to a scheme.
    assertThat(StorageLocation.of("/tmp/a:b")).isEqualTo(new StorageLocation("", "", "/tmp/a:b"));
  }
}
