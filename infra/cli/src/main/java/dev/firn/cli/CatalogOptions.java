package dev.firn.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine.Option;

/** How a client command reaches a Firn catalog (or any Iceberg REST catalog). */
final class CatalogOptions {
  static final String DEFAULT_URI = "http://127.0.0.1:8181";

  @Option(
      names = "--catalog-uri",
      paramLabel = "URI",
      description = "REST catalog URI (default: $FIRN_CATALOG_URI or " + DEFAULT_URI + ").")
  String uri;

  @Option(
      names = "--warehouse",
      paramLabel = "NAME",
      description = "Warehouse name (default: $FIRN_WAREHOUSE or firn).")
  String warehouse;

  @Option(
      names = {"-P", "--catalog-property"},
      paramLabel = "KEY=VALUE",
      description = "An extra Iceberg client property, e.g. -P s3.endpoint=http://minio:9000.")
  Map<String, String> properties = new LinkedHashMap<>();

  /** A connected REST client; the caller closes it. */
  RESTCatalog connect(Map<String, String> environment) {
    Map<String, String> client = new HashMap<>();
    client.put("uri", firstOf(uri, environment.get("FIRN_CATALOG_URI"), DEFAULT_URI));
    client.put("warehouse", firstOf(warehouse, environment.get("FIRN_WAREHOUSE"), "firn"));
    client.putAll(properties);
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("firn", client);
    return catalog;
  }

  private static String firstOf(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
