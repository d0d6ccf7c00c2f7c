package dev.firn.maintenance.spark;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;

/**
 * Where the Spark engine runs and which catalog it maintains: a Spark master URL, the Firn catalog
 * URI and warehouse, and extra Spark and catalog properties. Storage settings need not be given:
 * the catalog hands them to the client in {@code /v1/config}.
 *
 * @param master a Spark master URL: {@code local[2]}, {@code spark://host:7077}, ...
 * @param catalogUri the Firn catalog's REST URI, e.g. {@code http://127.0.0.1:8181}
 * @param warehouse the warehouse name, {@code firn} unless the server was told otherwise
 * @param catalogName the name of the Iceberg catalog inside Spark, as SQL names it
 * @param sparkProperties Spark settings, each {@code spark.*}
 * @param catalogProperties Iceberg catalog properties, e.g. {@code s3.endpoint}
 */
public record SparkEngineConfig(
    String master,
    URI catalogUri,
    String warehouse,
    String catalogName,
    Map<String, String> sparkProperties,
    Map<String, String> catalogProperties) {
  public static final String CATALOG_NAME_DEFAULT = "firn";
  public static final String WAREHOUSE_DEFAULT = "firn";

  /** The only FileIO the engine's catalog uses. */
  static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

  public SparkEngineConfig {
    checkArgument(master != null && !master.isBlank(), "Invalid Spark master: %s", master);
    checkArgument(
        catalogUri != null
            && ("http".equals(catalogUri.getScheme()) || "https".equals(catalogUri.getScheme()))
            && catalogUri.getHost() != null,
        "Invalid catalog URI: %s (must be http(s)://host:port, e.g. http://127.0.0.1:8181)",
        catalogUri);
    checkArgument(warehouse != null && !warehouse.isBlank(), "Invalid warehouse: %s", warehouse);
    checkArgument(
        catalogName != null && catalogName.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "Invalid catalog name: %s (must be a SQL identifier)",
        catalogName);
    sparkProperties.keySet().stream()
        .filter(key -> !key.startsWith("spark."))
        .findFirst()
        .ifPresent(
            key -> {
              throw new IllegalArgumentException(
                  "Invalid Spark property: " + key + " (must start with spark.)");
            });
    sparkProperties = Map.copyOf(sparkProperties);
    catalogProperties = Map.copyOf(catalogProperties);
  }

  /** A configuration with the default catalog name and no extra properties. */
  public static SparkEngineConfig of(String master, URI catalogUri, String warehouse) {
    return new SparkEngineConfig(
        master, catalogUri, warehouse, CATALOG_NAME_DEFAULT, Map.of(), Map.of());
  }

  public SparkEngineConfig withSparkProperty(String key, String value) {
    Map<String, String> changed = new LinkedHashMap<>(sparkProperties);
    changed.put(key, value);
    return new SparkEngineConfig(
        master, catalogUri, warehouse, catalogName, changed, catalogProperties);
  }

  public SparkEngineConfig withCatalogProperty(String key, String value) {
    Map<String, String> changed = new LinkedHashMap<>(catalogProperties);
    changed.put(key, value);
    return new SparkEngineConfig(
        master, catalogUri, warehouse, catalogName, sparkProperties, changed);
  }

  /**
   * Everything the SparkSession is configured with: the Iceberg extensions, a REST catalog on the
   * Firn URI, then the extra properties. The catalog's FileIO is always {@code S3FileIO}: Iceberg's
   * REST client otherwise resolves each path by its scheme, and a {@code file://} path a table's
   * metadata names would reach this machine's disk.
   */
  Map<String, String> sessionProperties() {
    String prefix = "spark.sql.catalog." + catalogName;
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(
        "spark.sql.extensions",
        "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    properties.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    properties.put(prefix + ".type", "rest");
    properties.put(prefix + ".uri", catalogUri.toString());
    properties.put(prefix + ".warehouse", warehouse);
    catalogProperties.forEach((key, value) -> properties.put(prefix + "." + key, value));
    properties.putAll(sparkProperties);
    // Jobs must see a table's latest metadata, and the policy resolver needs the catalog's
    // namespaces, which a caching wrapper hides.
    properties.put(prefix + ".cache-enabled", "false");
    properties.put(prefix + "." + CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
    return properties;
  }

  private static void checkArgument(boolean condition, String message, Object value) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(message, value));
    }
  }
}
