package dev.firn.catalog.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP statuses and Iceberg error bodies. A client mistake
 * gets a 4xx naming what was wrong; a server failure gets a 5xx with an id that points to the
 * logged stack trace, which never reaches the client.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  // Checked in order: subclasses before their parents.
  private static final Map<Class<? extends Exception>, Integer> STATUSES = statuses();

  private ErrorMapping() {}

  private static Map<Class<? extends Exception>, Integer> statuses() {
    Map<Class<? extends Exception>, Integer> map = new LinkedHashMap<>();
    map.put(RequestTooLargeException.class, 413);
    map.put(BadRequestException.class, 400);
    map.put(ValidationException.class, 400);
    map.put(IllegalArgumentException.class, 400);
    map.put(NotAuthorizedException.class, 401);
    map.put(ForbiddenException.class, 403);
    map.put(NoSuchNamespaceException.class, 404);
    map.put(NoSuchTableException.class, 404);
    map.put(NoSuchViewException.class, 404);
    map.put(NoSuchWarehouseException.class, 404);
    map.put(NotFoundException.class, 404);
    map.put(RouteNotFoundException.class, 404);
    map.put(MethodNotAllowedException.class, 405);
    map.put(UnsupportedOperationException.class, 406);
    map.put(AlreadyExistsException.class, 409);
    map.put(CommitFailedException.class, 409);
    map.put(NamespaceNotEmptyException.class, 409);
    map.put(UnsupportedMediaTypeException.class, 415);
    map.put(MisdirectedRequestException.class, 421);
    map.put(UnprocessableEntityException.class, 422);
    map.put(ServiceUnavailableException.class, 503);
    map.put(RejectedExecutionException.class, 503);
    map.put(UncheckedSQLException.class, 503);
    return map;
  }

  /**
   * The answer to a request that failed: its Iceberg error body, and for a missing or invalid token
   * the {@code WWW-Authenticate} header RFC 6750 asks for.
   */
  static RestResult toResult(Exception failure) {
    ErrorResponse error = toResponse(failure);
    return new RestResult(
        error.code(),
        error,
        failure instanceof NotAuthorizedException
            ? Map.of("WWW-Authenticate", CHALLENGE)
            : Map.of());
  }

  /** The {@code WWW-Authenticate} challenge of a 401. */
  static final String CHALLENGE = "Bearer realm=\"firn\"";

  static ErrorResponse toResponse(Exception failure) {
    for (Map.Entry<Class<? extends Exception>, Integer> entry : STATUSES.entrySet()) {
      if (entry.getKey().isInstance(failure)) {
        if (failure instanceof UncheckedSQLException) {
          return serverFailure(failure, entry.getValue(), "Catalog database unavailable");
        }
        if (failure instanceof RejectedExecutionException) {
          // The executor's own text names its internals.
          return ErrorResponse.builder()
              .responseCode(entry.getValue())
              .withType(ServiceUnavailableException.class.getSimpleName())
              .withMessage("The server is stopping")
              .build();
        }
        return ErrorResponse.builder()
            .responseCode(entry.getValue())
            .withType(failure.getClass().getSimpleName())
            .withMessage(messageOf(failure))
            .build();
      }
    }
    if (failure instanceof CommitStateUnknownException) {
      return serverFailure(failure, 500, "Commit state unknown");
    }
    return serverFailure(failure, 500, "Internal server error");
  }

  private static ErrorResponse serverFailure(Exception failure, int status, String summary) {
    String id = UUID.randomUUID().toString();
    LOG.error("{} (error id {})", summary, id, failure);
    return ErrorResponse.builder()
        .responseCode(status)
        .withType(failure.getClass().getSimpleName())
        .withMessage(summary + " (error id " + id + ")")
        .build();
  }

  private static String messageOf(Exception failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  /** A request body above the configured limit. */
  static final class RequestTooLargeException extends RuntimeException {
    RequestTooLargeException(long limit) {
      super("Request body too large: more than " + limit + " bytes");
    }
  }

  /** A request body that is not JSON. */
  static final class UnsupportedMediaTypeException extends RuntimeException {
    UnsupportedMediaTypeException(String contentType) {
      super(
          "Unsupported media type: "
              + (contentType == null ? "none given" : contentType)
              + " (request bodies must be application/json)");
    }
  }

  /** A request naming a host that this server does not answer for. */
  static final class MisdirectedRequestException extends RuntimeException {
    MisdirectedRequestException(String host) {
      super(
          "Misdirected request: this server does not answer for host "
              + host
              + " (see catalog.allowed-hosts)");
    }
  }

  /** A path that no route serves. */
  static final class RouteNotFoundException extends RuntimeException {
    RouteNotFoundException(String method, String path) {
      super("No such endpoint: " + method + " " + path);
    }
  }

  /** A path that some route serves, but not with this method. */
  static final class MethodNotAllowedException extends RuntimeException {
    MethodNotAllowedException(String method, String path) {
      super("Method " + method + " not allowed on " + path);
    }
  }
}
