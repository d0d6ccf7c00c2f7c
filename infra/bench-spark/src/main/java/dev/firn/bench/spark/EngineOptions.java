package dev.firn.bench.spark;

import dev.firn.maintenance.spark.SparkEngineConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every Spark run of the benchmark takes, which make the engine's configuration: the
 * catalog, Spark's master, and {@code --conf key=value} pairs, where {@code spark.*} keys configure
 * Spark and the others the Iceberg catalog.
 */
final class EngineOptions {
  static final String MASTER_DEFAULT = "local[*]";

  @Option(names = "--catalog-uri", required = true, description = "Firn's REST catalog")
  URI catalogUri;

  @Option(names = "--warehouse", defaultValue = SparkEngineConfig.WAREHOUSE_DEFAULT)
  String warehouse;

  @Option(names = "--master", defaultValue = MASTER_DEFAULT)
  String master;

  @Option(names = "--conf", description = "key=value, as often as needed")
  Map<String, String> conf = new LinkedHashMap<>();

  /**
   * The configuration, signed in with the credential the harness hands its children in {@code
   * FIRN_CREDENTIAL}, unless a {@code --conf credential=...} is given.
   */
  SparkEngineConfig config() {
    SparkEngineConfig config = SparkEngineConfig.of(master, catalogUri, warehouse);
    String credential = System.getenv("FIRN_CREDENTIAL");
    if (credential != null && !credential.isBlank() && !conf.containsKey("credential")) {
      config =
          config
              .withCatalogProperty("credential", credential)
              .withCatalogProperty(
                  "oauth2-server-uri",
                  catalogUri.toString().replaceAll("/+$", "") + "/v1/oauth/tokens");
    }
    for (Map.Entry<String, String> entry : conf.entrySet()) {
      config =
          entry.getKey().startsWith("spark.")
              ? config.withSparkProperty(entry.getKey(), entry.getValue())
              : config.withCatalogProperty(entry.getKey(), entry.getValue());
    }
    return config;
  }
}
