package dev.firn.catalog;

import dev.firn.catalog.access.Principal;
import dev.firn.catalog.access.Privilege;
import dev.firn.catalog.access.Privileges;
import dev.firn.catalog.access.Securable;
import java.util.Map;

/**
 * A part of the management API that another Firn module serves on the management port, beside the
 * health endpoints and outside the catalog's {@code /v1/}: for example the maintenance runs. Bodies
 * are JSON both ways. A request that acts on a table names it in a {@code table} query parameter or
 * JSON field; the audit trail records it against that table.
 */
@FunctionalInterface
public interface ManagementEndpoint {
  /**
   * Answers one request.
   *
   * @param caller who sent it, and what they may do
   * @param method the HTTP method
   * @param path the path below the endpoint's prefix, starting with {@code /} or empty
   * @param query the query parameters, the first value of each
   * @param body the request body, empty when there is none
   */
  Reply handle(Caller caller, String method, String path, Map<String, String> query, byte[] body);

  /** The authenticated sender of a request, to check privileges against. */
  record Caller(Principal principal, Privileges privileges) {
    /** Whether the caller may do {@code privilege} to {@code target}. */
    public boolean may(Privilege privilege, Securable target) {
      return privileges.allows(principal, privilege, target);
    }
  }

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
