package dev.firn.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine.Option;

/** How a client command reaches a Firn catalog (or any Iceberg REST catalog). */
final class CatalogOptions {
  static final String DEFAULT_URI = "http://127.0.0.1:8181";
  static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

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
    // A command ends right after its last commit: a scan report sent in the background would
    // only fail against a closed connection pool.
    client.put("rest-metrics-reporting-enabled", "false");
    // Iceberg's REST client otherwise resolves each path by its scheme: a file:// path a table's
    // metadata names would reach this machine's disk.
    String asked = properties.get(CatalogProperties.FILE_IO_IMPL);
    if (asked != null && !asked.equals(S3_FILE_IO)) {
      throw new IllegalArgumentException(
          "Invalid -P "
              + CatalogProperties.FILE_IO_IMPL
              + "="
              + asked
              + ": Firn's commands read and write tables through "
              + S3_FILE_IO
              + " only (leave it out)");
    }
    client.putAll(properties);
    client.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
    RESTCatalog catalog = new RESTCatalog();
    try {
      catalog.initialize("firn", client);
    } catch (RESTException e) {
      if (unreachable(e)) {
        throw new IllegalStateException(
            "Cannot reach the catalog at "
                + client.get("uri")
                + " ("
                + rootCause(e).getMessage()
                + "); is firn serve running? Set --catalog-uri or FIRN_CATALOG_URI",
            e);
      }
      throw e;
    }
    return catalog;
  }

  private static boolean unreachable(Throwable error) {
    return rootCause(error) instanceof java.net.ConnectException
        || rootCause(error) instanceof java.net.UnknownHostException;
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
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
