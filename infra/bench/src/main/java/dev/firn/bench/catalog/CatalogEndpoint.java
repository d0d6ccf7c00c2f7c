package dev.firn.bench.catalog;

import dev.firn.bench.core.CatalogClients;
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
 * @param clientProperties the client's catalog properties, the same for both sides but for Firn's
 *     credential
 * @param authorization the {@code Authorization} header of raw requests, empty for a server that
 *     takes them without one
 */
record CatalogEndpoint(
    Side side, URI uri, String prefix, Map<String, String> clientProperties, String authorization) {

  CatalogEndpoint {
    clientProperties = Map.copyOf(clientProperties);
  }

  /**
   * Reads the server's {@code /v1/config}, signed in with {@code credential} unless it is null: a
   * token for raw requests, the credential for {@code RESTCatalog} clients, which get their own.
   */
  static CatalogEndpoint discover(
      Side side,
      URI uri,
      HttpClient http,
      Map<String, String> storageProperties,
      String credential) {
    String authorization = credential == null ? "" : "Bearer " + token(uri, http, credential);
    HttpRequest.Builder configRequest =
        HttpRequest.newBuilder(uri.resolve("/v1/config")).timeout(Duration.ofSeconds(30));
    if (!authorization.isEmpty()) {
      configRequest.header("Authorization", authorization);
    }
    HttpRequest request = configRequest.build();
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
    client.putAll(
        CatalogClients.properties(uri.toString(), prefix == null ? "" : prefix, credential));
    client.remove("warehouse");
    client.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    return new CatalogEndpoint(side, uri, prefix == null ? "" : prefix, client, authorization);
  }

  /** A token from the server's issuer, once for the whole run: it lasts an hour. */
  private static String token(URI uri, HttpClient http, String credential) {
    int colon = credential.indexOf(':');
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(credential.substring(0, colon), StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(credential.substring(colon + 1), StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri.resolve("/v1/oauth/tokens"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "The token endpoint answered " + response.statusCode() + ": " + response.body());
      }
      return org.apache.iceberg.rest.auth.OAuth2Util.tokenResponseFromJson(response.body()).token();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot get a token from " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
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
