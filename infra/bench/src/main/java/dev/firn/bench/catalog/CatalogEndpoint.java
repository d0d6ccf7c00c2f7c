package dev.firn.bench.catalog;

import dev.firn.bench.core.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ConfigResponseParser;

/**
 * How clients reach one catalog: its base URI, the route prefix its {@code /v1/config} hands out,
 * and the properties every {@code RESTCatalog} client of the benchmark uses.
 *
 * @param side which catalog this is
 * @param uri the base URI
 * @param prefix the route prefix, empty when the server uses none
 * @param clientProperties the client's catalog properties, the same for both sides
 */
record CatalogEndpoint(Side side, URI uri, String prefix, Map<String, String> clientProperties) {

  CatalogEndpoint {
    clientProperties = Map.copyOf(clientProperties);
  }

  static CatalogEndpoint discover(
      Side side, URI uri, HttpClient http, Map<String, String> storageProperties) {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/v1/config")).timeout(Duration.ofSeconds(30)).build();
    String body;
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET /v1/config of the " + side.label() + " server answered " + response.statusCode());
      }
      body = response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read /v1/config of the " + side.label() + " server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
    ConfigResponse config = ConfigResponseParser.fromJson(body);
    String prefix = config.overrides().getOrDefault("prefix", config.defaults().get("prefix"));

    Map<String, String> client = new HashMap<>(storageProperties);
    client.put(CatalogProperties.URI, uri.toString());
    client.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    return new CatalogEndpoint(side, uri, prefix == null ? "" : prefix, client);
  }

  /** The loadTable route of a table in a one-level namespace. */
  URI tableUri(TableIdentifier table) {
    String base = prefix.isEmpty() ? "/v1/" : "/v1/" + segment(prefix) + "/";
    return uri.resolve(
        base
            + "namespaces/"
            + segment(table.namespace().level(0))
            + "/tables/"
            + segment(table.name()));
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A new {@code RESTCatalog} client of this catalog; the caller closes it. */
  RESTCatalog connect(String clientName) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize(clientName, clientProperties);
    return catalog;
  }
}
