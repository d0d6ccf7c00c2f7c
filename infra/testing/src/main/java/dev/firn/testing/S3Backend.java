package dev.firn.testing;

/** The S3-compatible servers Firn's tests can run against. */
public enum S3Backend {
  /** S3Proxy inside the test JVM: always available. */
  S3PROXY,
  /** MinIO in a container, through Testcontainers: needs a Docker engine. */
  MINIO,
  /** An endpoint named by {@code FIRN_TEST_S3_*} environment variables (MinIO, AWS, ...). */
  EXTERNAL
}
