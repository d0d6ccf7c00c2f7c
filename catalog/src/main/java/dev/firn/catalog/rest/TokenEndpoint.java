package dev.firn.catalog.rest;

import dev.firn.catalog.access.Authentication;
import dev.firn.catalog.access.TokenRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.rest.auth.OAuth2Util;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * {@code POST /v1/oauth/tokens}: the REST spec's token endpoint, which Iceberg clients call with
 * {@code credential=id:secret}. Its body is a form (RFC 6749), its errors are OAuth2 errors, and it
 * is the one request that needs no bearer token.
 */
final class TokenEndpoint {
  static final String PATH = "/v1/oauth/tokens";
  static final String OPERATION = "OAUTH_TOKENS";
  private static final long MAX_BODY_BYTES = 16 * 1024;
  // Tokens must not be kept by caches on the way (RFC 6749, section 5.1).
  private static final Map<String, String> NO_STORE =
      Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

  private TokenEndpoint() {}

  static RestResult answer(
      Request request, String method, String path, Authentication authentication) {
    if (!"POST".equals(method)) {
      throw new ErrorMapping.MethodNotAllowedException(method, path);
    }
    try {
      Map<String, String> form = form(RequestBodies.read(request, MAX_BODY_BYTES));
      String token =
          OAuth2Util.tokenResponseToJson(
              authentication.token(form, request.getHeaders().get(HttpHeader.AUTHORIZATION)));
      return new RestResult(200, new RawJson(token.getBytes(StandardCharsets.UTF_8)), NO_STORE);
    } catch (TokenRequestException e) {
      Map<String, String> error = new LinkedHashMap<>();
      error.put("error", e.error());
      error.put("error_description", e.getMessage());
      Map<String, String> headers = new HashMap<>(NO_STORE);
      if (e.status() == 401) {
        headers.put("WWW-Authenticate", "Basic realm=\"firn\"");
      }
      return new RestResult(e.status(), error, headers);
    }
  }

  /** The fields of a form body; a field given twice is refused (RFC 6749, section 3.2). */
  static Map<String, String> form(byte[] body) {
    Map<String, String> fields = new HashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return fields;
    }
    for (String pair : text.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (fields.put(name, value) != null) {
        throw new TokenRequestException(400, "invalid_request", "Field given twice: " + name);
      }
    }
    return fields;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new TokenRequestException(400, "invalid_request", "Malformed form body");
    }
  }
}
