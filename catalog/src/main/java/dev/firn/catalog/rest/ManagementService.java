package dev.firn.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.ManagementEndpoint;
import dev.firn.catalog.access.Authentication;
import dev.firn.catalog.access.Principal;
import dev.firn.catalog.access.Privilege;
import dev.firn.catalog.access.Privileges;
import dev.firn.catalog.access.Securable;
import dev.firn.catalog.store.AuditStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health endpoints on a port of their own, outside the catalog API: {@code GET /health/live}
 * answers while the process serves, {@code GET /health/ready} only while every dependency (the
 * database, object storage) answers too, and {@code GET /metrics} gives Prometheus the counters.
 * Other modules mount endpoints of their own under a prefix, such as {@code /maintenance}. Every
 * request but the two health probes needs the same bearer token as the catalog port; {@code
 * /metrics} needs maintain on the catalog, and mounted endpoints check privileges of their own.
 */
public final class ManagementService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementService.class);
  // Maintenance jobs run on their own pool, so a few threads keep health answering.
  private static final int THREADS = 8;

  private final HttpServer server;
  private final Map<String, ManagementEndpoint> mounted;

  private ManagementService(HttpServer server, Map<String, ManagementEndpoint> mounted) {
    this.server = server;
    this.mounted = mounted;
  }

  /**
   * Starts the health endpoints.
   *
   * @param checks named readiness checks; each returns normally when its dependency answers
   * @param authentication who may call anything but the health probes
   * @param privileges what each caller may do
   * @param audit where changes and refusals are recorded
   */
  public static ManagementService start(
      Settings settings,
      Map<String, Runnable> checks,
      CatalogMetrics metrics,
      Authentication authentication,
      Privileges privileges,
      AuditStore audit) {
    Map<String, ManagementEndpoint> mounted = new ConcurrentHashMap<>();
    return new ManagementService(
        HttpServer.start(
            "firn-management",
            settings.host(),
            settings.port(),
            THREADS,
            settings.allowList(),
            new HealthHandler(
                checks,
                metrics,
                mounted,
                authentication,
                privileges,
                new AuditTrail(audit),
                settings.maxRequestBytes())),
        mounted);
  }

  /**
   * Where and how the management port listens.
   *
   * @param host the interface to bind
   * @param port the port, 0 for any free one
   * @param maxRequestBytes the largest request body accepted (larger gets 413)
   * @param allowList the hosts and origins accepted besides loopback
   */
  public record Settings(String host, int port, long maxRequestBytes, AllowList allowList) {}

  /**
   * Serves an endpoint under a path prefix such as {@code /maintenance}.
   *
   * @throws IllegalArgumentException when the prefix is taken or malformed
   */
  public void mount(String prefix, ManagementEndpoint endpoint) {
    if (!prefix.matches("/[a-z][a-z0-9-]*")
        || prefix.equals("/health")
        || prefix.equals("/metrics")) {
      throw new IllegalArgumentException("Invalid management prefix: " + prefix);
    }
    if (mounted.putIfAbsent(prefix, endpoint) != null) {
      throw new IllegalArgumentException("Management prefix already mounted: " + prefix);
    }
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  private static final class HealthHandler extends Handler.Abstract {
    private final Map<String, Runnable> checks;
    private final CatalogMetrics metrics;
    private final Map<String, ManagementEndpoint> mounted;
    private final Authentication authentication;
    private final Privileges privileges;
    private final AuditTrail audit;
    private final long maxRequestBytes;

    HealthHandler(
        Map<String, Runnable> checks,
        CatalogMetrics metrics,
        Map<String, ManagementEndpoint> mounted,
        Authentication authentication,
        Privileges privileges,
        AuditTrail audit,
        long maxRequestBytes) {
      this.checks = checks;
      this.metrics = metrics;
      this.mounted = mounted;
      this.authentication = authentication;
      this.privileges = privileges;
      this.audit = audit;
      this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = request.getHttpURI().getPath();
      boolean probe =
          "GET".equals(request.getMethod())
              && (path.equals("/health/live") || path.equals("/health/ready"));
      String requestId = AuditTrail.requestId(request.getHeaders().get(AuditTrail.REQUEST_ID));
      response.getHeaders().put(AuditTrail.REQUEST_ID, requestId);
      String action = request.getMethod() + " " + path;
      Principal caller = null;
      if (!probe) {
        try {
          caller = authentication.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
          if (path.equals("/metrics")) {
            privileges.require(caller, Privilege.MAINTAIN, Securable.catalog());
          }
        } catch (RuntimeException e) {
          RestResult refusal = ErrorMapping.toResult(e);
          RequestBodies.drain(request, maxRequestBytes);
          audit.record(caller, action, path, false, refusal.status(), requestId);
          refusal.headers().forEach((name, value) -> response.getHeaders().put(name, value));
          return answer(response, callback, refusal.status(), refusal::body);
        }
      }
      int second = path.indexOf('/', 1);
      ManagementEndpoint endpoint = mounted.get(second < 0 ? path : path.substring(0, second));
      if (endpoint != null) {
        Map<String, String> query = new LinkedHashMap<>();
        Request.extractQueryParameters(request)
            .forEach(field -> query.putIfAbsent(field.getName(), field.getValue()));
        ManagementEndpoint.Reply reply;
        String target = path;
        try {
          byte[] body = RequestBodies.read(request, maxRequestBytes);
          target = auditTarget(path, query, body);
          reply =
              endpoint.handle(
                  new ManagementEndpoint.Caller(caller, privileges),
                  request.getMethod(),
                  second < 0 ? "" : path.substring(second),
                  query,
                  body);
        } catch (RuntimeException e) {
          // The catalog port's error table, for the management port too.
          ErrorResponse error = ErrorMapping.toResponse(e);
          reply = ManagementEndpoint.Reply.error(error.code(), error.type(), error.message());
        }
        audit.record(
            caller, action, target, !"GET".equals(request.getMethod()), reply.status(), requestId);
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        return answer(response, callback, reply.status(), reply::body);
      }
      if (!"GET".equals(request.getMethod())) {
        return answer(response, callback, 405, () -> Map.of("status", "method not allowed"));
      }
      return switch (path) {
        case "/health/live" -> answer(response, callback, 200, () -> Map.of("status", "UP"));
        case "/health/ready" -> ready(response, callback);
        case "/metrics" -> {
          response.setStatus(200);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4");
          response.write(
              true, ByteBuffer.wrap(metrics.render().getBytes(StandardCharsets.UTF_8)), callback);
          yield true;
        }
        default -> answer(response, callback, 404, () -> Map.of("status", "no such endpoint"));
      };
    }

    /**
     * What a mounted endpoint's request acts on, for the audit trail: the table it names in a
     * {@code table} query parameter or JSON field, as the management endpoints name tables, else
     * its path.
     */
    static String auditTarget(String path, Map<String, String> query, byte[] body) {
      String table = query.get("table");
      if (table == null && body.length > 0 && body.length <= 64 * 1024) {
        try {
          com.fasterxml.jackson.databind.JsonNode json = RestJson.mapper().readTree(body);
          if (json != null && json.path("table").isTextual()) {
            table = json.path("table").asText();
          }
        } catch (java.io.IOException e) {
          // Not JSON: the endpoint answers that; the path names the request.
        }
      }
      return table == null ? path : "table " + table;
    }

    private boolean ready(Response response, Callback callback) {
      Map<String, String> results = new LinkedHashMap<>();
      boolean up = true;
      for (Map.Entry<String, Runnable> check : checks.entrySet()) {
        try {
          check.getValue().run();
          results.put(check.getKey(), "UP");
        } catch (RuntimeException e) {
          up = false;
          // The probe needs no token: what failed goes to the log, not to whoever asks.
          results.put(check.getKey(), "DOWN");
          LOG.warn("Readiness check {} failed: {}", check.getKey(), e.toString());
        }
      }
      boolean ready = up;
      return answer(
          response,
          callback,
          ready ? 200 : 503,
          () -> Map.of("status", ready ? "UP" : "DOWN", "checks", results));
    }

    private static boolean answer(
        Response response, Callback callback, int status, Supplier<Object> body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      try {
        response.write(
            true, ByteBuffer.wrap(RestJson.mapper().writeValueAsBytes(body.get())), callback);
      } catch (JsonProcessingException e) {
        callback.failed(e);
      }
      return true;
    }
  }
}
