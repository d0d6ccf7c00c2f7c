package dev.firn.catalog;

import java.util.Map;

/**
 * A part of the management API that another Firn module serves on the management port, beside the
 * health endpoints and outside the catalog's {@code /v1/}: for example the maintenance runs. Bodies
 * are JSON both ways.
 */
@FunctionalInterface
public interface ManagementEndpoint {
  /**
   * Answers one request.
   *
   * @param method the HTTP method
   * @param path the path below the endpoint's prefix, starting with {@code /} or empty
   * @param query the query parameters, the first value of each
   * @param body the request body, empty when there is none
   */
  Reply handle(String method, String path, Map<String, String> query, byte[] body);

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param body what to send as JSON: maps, lists, strings, numbers and records
   * @param headers response headers to send besides the content type, such as {@code Location}
   */
  record Reply(int status, Object body, Map<String, String> headers) {
    public Reply {
      headers = Map.copyOf(headers);
    }

    public Reply(int status, Object body) {
      this(status, body, Map.of());
    }

    public static Reply ok(Object body) {
      return new Reply(200, body);
    }

    /** An error in the shape of Iceberg's error responses. */
    public static Reply error(int status, String type, String message) {
      return new Reply(
          status, Map.of("error", Map.of("message", message, "type", type, "code", status)));
    }
  }
}
