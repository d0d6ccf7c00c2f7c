package dev.firn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;

/**
 * Requests to Firn's management port, signed in with a token: the one given, or one the catalog's
 * token endpoint issues for the credential given or kept in the data folder.
 */
final class ManagementClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization;

  private ManagementClient(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** A client of the management port the options name, signed in as they say. */
  static ManagementClient connect(
      CatalogOptions catalog, String managementUri, Map<String, String> environment) {
    String base = catalog.managementUri(managementUri, environment);
    CatalogOptions.SignIn signIn = catalog.signIn(environment);
    String token = signIn.token();
    if (token == null && signIn.credential() != null) {
      token = new ManagementClient(base, null).token(catalog.uri(environment), signIn);
    }
    return new ManagementClient(base, token == null ? null : "Bearer " + token);
  }

  /** Sends one request; answers 2xx with the JSON body, anything else with a one-line failure. */
  JsonNode send(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(TIMEOUT)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return answer(reply);
    } catch (ConnectException e) {
      throw new CatalogUnreachableException(
          "Cannot reach Firn's management port at "
              + base
              + "; is firn serve running? Set --management-uri or FIRN_MANAGEMENT_URI",
          e);
    } catch (IOException e) {
      throw new CatalogUnreachableException(
          "The management port at " + base + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogUnreachableException("Interrupted while asking " + base, e);
    }
  }

  private String token(String catalogUri, CatalogOptions.SignIn signIn)
      throws CatalogUnreachableException {
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(signIn.credential().clientId(), StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(signIn.credential().secret(), StandardCharsets.UTF_8);
    String endpoint = CatalogOptions.tokenEndpoint(catalogUri);
    try {
      HttpResponse<String> reply =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint))
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != 200) {
        throw new NotAuthorizedException(
            "The catalog at %s refused the credential of %s (%s); give a credential with"
                + " FIRN_CREDENTIAL or --credential, as firn serve printed it",
            catalogUri, signIn.credential().clientId(), oauthError(reply.body()));
      }
      return JSON.readTree(reply.body()).path("access_token").asText();
    } catch (ConnectException e) {
      throw new CatalogUnreachableException(
          "Cannot reach the catalog at "
              + catalogUri
              + " for a token; is firn serve running? Set --catalog-uri or FIRN_CATALOG_URI",
          e);
    } catch (IOException e) {
      throw new CatalogUnreachableException(
          "The catalog at " + catalogUri + " did not answer a token request: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogUnreachableException("Interrupted while asking " + endpoint, e);
    }
  }

  private static JsonNode answer(HttpResponse<String> reply) throws IOException {
    JsonNode json = reply.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(reply.body());
    int status = reply.statusCode();
    if (status < 300) {
      return json;
    }
    String message = json.path("error").path("message").asText(reply.body());
    if (status == 400) {
      throw new UsageException(message);
    }
    if (status == 401) {
      throw new NotAuthorizedException("%s", message);
    }
    if (status == 403) {
      throw new ForbiddenException("%s", message);
    }
    throw new CatalogUnreachableException(message + " (HTTP " + status + ")", null);
  }

  private static String oauthError(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json.path("error").asText("") + ": " + json.path("error_description").asText("");
    } catch (IOException e) {
      return body;
    }
  }
}
