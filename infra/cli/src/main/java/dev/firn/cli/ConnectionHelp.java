package dev.firn.cli;

import dev.firn.cli.ServeConfig.StorageConfig;
import dev.firn.vocabulary.Zone;
import java.net.URI;
import java.util.Arrays;

/** The exact settings Spark, Trino and PyIceberg need to reach a running Firn. */
final class ConnectionHelp {
  private ConnectionHelp() {}

  /**
   * The settings, with {@code credential} (the root credential, or where to find it) in each
   * client's form; null when the catalog takes requests without one.
   */
  static String render(
      URI catalogUri, String warehouse, StorageConfig storage, URI s3Endpoint, String credential) {
    String uri = catalogUri.toString();
    String tokens = uri + "/v1/oauth/tokens";
    StringBuilder out = new StringBuilder();
    out.append("Firn is serving the Iceberg REST catalog at ").append(uri).append('\n');
    out.append("Warehouse: ")
        .append(warehouse)
        .append(" (")
        .append(storage.warehouse())
        .append(")\n");
    out.append("Zones: ")
        .append(String.join(", ", Arrays.stream(Zone.values()).map(Zone::level).toList()))
        .append("\n\n");

    out.append("Spark (iceberg-spark-runtime and iceberg-aws-bundle on the classpath):\n");
    out.append("  --conf spark.sql.catalog.firn=org.apache.iceberg.spark.SparkCatalog\n");
    out.append("  --conf spark.sql.catalog.firn.type=rest\n");
    out.append("  --conf spark.sql.catalog.firn.uri=").append(uri).append('\n');
    out.append("  --conf spark.sql.catalog.firn.warehouse=").append(warehouse).append('\n');
    if (credential != null) {
      out.append("  --conf spark.sql.catalog.firn.credential=").append(credential).append('\n');
      out.append("  --conf spark.sql.catalog.firn.oauth2-server-uri=").append(tokens).append('\n');
    }
    if (storage.embedded() && !storage.shareCredentials()) {
      // The catalog keeps the keys to itself here, so a Spark on this machine brings them.
      out.append("  --conf spark.sql.catalog.firn.s3.access-key-id=")
          .append(storage.accessKeyId())
          .append('\n');
      out.append("  --conf spark.sql.catalog.firn.s3.secret-access-key=")
          .append(storage.secretAccessKey())
          .append('\n');
    }
    out.append("  (storage settings come from the catalog's /v1/config)\n\n");

    out.append("Trino (etc/catalog/firn.properties):\n");
    out.append("  connector.name=iceberg\n");
    out.append("  iceberg.catalog.type=rest\n");
    out.append("  iceberg.rest-catalog.uri=").append(uri).append('\n');
    out.append("  iceberg.rest-catalog.warehouse=").append(warehouse).append('\n');
    if (credential != null) {
      out.append("  iceberg.rest-catalog.security=OAUTH2\n");
      out.append("  iceberg.rest-catalog.oauth2.credential=").append(credential).append('\n');
      out.append("  iceberg.rest-catalog.oauth2.server-uri=").append(tokens).append('\n');
    }
    out.append("  fs.native-s3.enabled=true\n");
    if (s3Endpoint != null) {
      out.append("  s3.endpoint=").append(s3Endpoint).append('\n');
    }
    out.append("  s3.path-style-access=").append(storage.pathStyleAccess()).append('\n');
    out.append("  s3.region=").append(storage.region()).append('\n');
    // The embedded store's keys are Firn's own, shown to whoever started it; others only when
    // they are shared anyway.
    if (storage.accessKeyId() != null && (storage.embedded() || storage.shareCredentials())) {
      out.append("  s3.aws-access-key=").append(storage.accessKeyId()).append('\n');
      out.append("  s3.aws-secret-key=").append(storage.secretAccessKey()).append('\n');
    }
    out.append('\n');

    out.append("PyIceberg:\n");
    out.append("  from pyiceberg.catalog import load_catalog\n");
    out.append("  catalog = load_catalog(\"firn\", type=\"rest\", uri=\"")
        .append(uri)
        .append("\", warehouse=\"")
        .append(warehouse)
        .append('"');
    if (credential != null) {
      out.append(",\n      credential=\"")
          .append(credential)
          .append("\", **{\"oauth2-server-uri\": \"")
          .append(tokens)
          .append("\"}");
    }
    out.append(")\n");
    return out.toString();
  }
}
