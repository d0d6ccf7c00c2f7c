package dev.firn.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.access.Authentication;
import dev.firn.catalog.access.Principal;
import dev.firn.catalog.store.ReportStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.rest.RESTRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP in and out: matches a request to a {@link Route}, reads and validates its JSON body, hands
 * it to the {@link CatalogAdapter}, and writes the response or the Iceberg error body.
 */
final class RestHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);
  private static final String JSON = "application/json";
  private static final byte[] SERIALIZATION_FAILURE =
      "{\"error\":{\"message\":\"Cannot serialize response\",\"type\":\"ServerError\",\"code\":500}}"
          .getBytes(StandardCharsets.UTF_8);

  private final String prefix;
  private final CatalogAdapter adapter;
  private final ConfigEndpoint config;
  private final IdempotentRequests idempotent;
  private final CatalogMetrics metrics;
  private final Authentication authentication;
  private final AccessLayer access;
  private final AuditTrail audit;
  private final long maxBodyBytes;

  RestHandler(
      String prefix,
      CatalogAdapter adapter,
      ConfigEndpoint config,
      IdempotentRequests idempotent,
      CatalogMetrics metrics,
      Authentication authentication,
      AccessLayer access,
      AuditTrail audit,
      long maxBodyBytes) {
    this.prefix = prefix;
    this.adapter = adapter;
    this.config = config;
    this.idempotent = idempotent;
    this.metrics = metrics;
    this.authentication = authentication;
    this.access = access;
    this.audit = audit;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    Match match = match(method, path);
    RestResult result;
    String requestId = AuditTrail.requestId(request.getHeaders().get(AuditTrail.REQUEST_ID));
    Principal caller = null;
    String[] target = new String[1];
    try {
      if (TokenEndpoint.OPERATION.equals(match.operation())) {
        result = TokenEndpoint.answer(request, method, path, authentication);
      } else {
        caller = authentication.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        result = dispatch(caller, request, method, path, match, target);
      }
    } catch (Exception e) {
      result = ErrorMapping.toResult(e);
      RequestBodies.drain(request, maxBodyBytes);
    }
    Reply reply = serialize(request, result);
    audit.record(
        caller,
        match.operation(),
        target[0],
        match.route() != null && match.route().isMutation(),
        reply.status(),
        requestId);
    response.getHeaders().put(AuditTrail.REQUEST_ID, requestId);
    // Counted before the reply leaves, so whoever sees the reply sees the count.
    long nanos = System.nanoTime() - start;
    metrics.request(match.operation(), reply.status(), nanos);
    long millis = nanos / 1_000_000;
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      LOG.info("{} {} -> {} in {} ms", method, path, reply.status(), millis);
    } else {
      LOG.debug("{} {} -> {} in {} ms", method, path, reply.status(), millis);
    }
    response.setStatus(reply.status());
    result.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    if (reply.body().length > 0) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    }
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }

  /** A response ready to send: its status and body bytes (none for 204, 304 and HEAD). */
  private record Reply(int status, byte[] body) {}

  private static Reply serialize(Request request, RestResult result) {
    Object body = result.body();
    if (body == null || "HEAD".equals(request.getMethod())) {
      return new Reply(result.status(), new byte[0]);
    }
    try {
      byte[] bytes =
          body instanceof RawJson raw ? raw.bytes() : RestJson.mapper().writeValueAsBytes(body);
      return new Reply(result.status(), bytes);
    } catch (JsonProcessingException e) {
      LOG.error("Cannot serialize a {} response", body.getClass().getSimpleName(), e);
      return new Reply(500, SERIALIZATION_FAILURE);
    }
  }

  /**
   * Where a request goes, found once per request.
   *
   * @param operation its name for metrics: a route, CONFIG, or UNMATCHED
   * @param route the route serving it, or null
   * @param variables the route's raw path variables, or null
   * @param pathKnown whether some route serves the path, with any method
   */
  private record Match(
      String operation, Route route, Map<String, String> variables, boolean pathKnown) {}

  private static Match match(String method, String path) {
    String[] segments = Route.segments(path);
    if (segments.length == 2 && "v1".equals(segments[0]) && "config".equals(segments[1])) {
      return new Match("CONFIG", null, null, true);
    }
    if (TokenEndpoint.PATH.equals(path)) {
      return new Match(TokenEndpoint.OPERATION, null, null, true);
    }
    boolean pathKnown = false;
    for (Route route : Route.values()) {
      Optional<Map<String, String>> variables = route.match(segments);
      if (variables.isEmpty()) {
        continue;
      }
      pathKnown = true;
      if (route.method().equals(method)) {
        return new Match(route.name(), route, variables.get(), true);
      }
    }
    return new Match("UNMATCHED", null, null, pathKnown);
  }

  /**
   * Answers a matched request for {@code caller}; {@code target} receives what it acts on as soon
   * as that is known, for the audit trail.
   */
  private RestResult dispatch(
      Principal caller, Request request, String method, String path, Match match, String[] target) {
    Map<String, String> query = query(request);
    if ("CONFIG".equals(match.operation())) {
      if (!"GET".equals(method)) {
        throw new ErrorMapping.MethodNotAllowedException(method, path);
      }
      return RestResult.of(config.respond(query.get("warehouse"), access.storageAccess(caller)));
    }
    Route route = match.route();
    if (route == null) {
      if (match.pathKnown()) {
        throw new ErrorMapping.MethodNotAllowedException(method, path);
      }
      throw new ErrorMapping.RouteNotFoundException(method, path);
    }
    Map<String, String> pathVariables = match.variables();
    if (!prefix.equals(pathVariables.get("prefix"))) {
      throw new NoSuchWarehouseException(
          "Unknown prefix %s: this catalog serves warehouse %s",
          pathVariables.get("prefix"), prefix);
    }
    target[0] = AccessLayer.target(route, pathVariables, null);
    byte[] bytes =
        route.requestClass() == null ? null : RequestBodies.read(request, bodyLimit(route));
    RESTRequest body = bytes == null ? null : parse(bytes, route);
    target[0] = AccessLayer.target(route, pathVariables, body);
    access.check(caller, route, pathVariables, query, body);
    StorageAccess storage = access.storageAccess(caller);
    Map<String, String> headers = headers(request);
    String key = headers.get(IdempotentRequests.HEADER);
    if (key != null && route.isMutation()) {
      return idempotent.run(
          key,
          caller.name() + " " + storage,
          method,
          path,
          bytes,
          () -> adapter.handle(route, pathVariables, query, headers, body, storage),
          () -> adapter.currentState(route, pathVariables, query, body, storage));
    }
    if (route == Route.LIST_TABLES || route == Route.LIST_VIEWS) {
      return adapter.list(route, pathVariables, query, access.visibleTo(caller, route));
    }
    return access.filter(
        caller, route, adapter.handle(route, pathVariables, query, headers, body, storage));
  }

  /**
   * The largest body a route takes: clients' metrics reports are small and kept in the database.
   */
  private long bodyLimit(Route route) {
    return route == Route.REPORT_METRICS
        ? Math.min(maxBodyBytes, ReportStore.MAX_REPORT_BYTES)
        : maxBodyBytes;
  }

  private RESTRequest parse(byte[] bytes, Route route) {
    if (bytes.length == 0) {
      throw new BadRequestException("Missing request body for %s", route.endpoint());
    }
    RESTRequest parsed;
    try {
      parsed = RestJson.mapper().readValue(bytes, route.requestClass());
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String message = cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
      throw new BadRequestException("Invalid request body: %s", firstLine(message));
    } catch (JsonProcessingException e) {
      throw new BadRequestException("Malformed JSON in request body: %s", e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // Iceberg's parsers reject unknown update and requirement types with unchecked exceptions.
      throw new BadRequestException(
          "Invalid request body: %s", firstLine(String.valueOf(e.getMessage())));
    }
    if (parsed == null) {
      throw new BadRequestException("Missing request body for %s", route.endpoint());
    }
    parsed.validate();
    return parsed;
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.put(field.getLowerCaseName(), field.getValue());
    }
    return headers;
  }

  private static Map<String, String> query(Request request) {
    Fields fields = Request.extractQueryParameters(request);
    Map<String, String> query = new HashMap<>();
    for (Fields.Field field : fields) {
      query.put(field.getName(), field.getValue());
    }
    return query;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
