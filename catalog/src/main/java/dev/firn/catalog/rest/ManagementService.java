package dev.firn.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firn.catalog.CatalogMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
 */
public final class ManagementService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementService.class);

  private final HttpServer server;

  private ManagementService(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the health endpoints.
   *
   * @param checks named readiness checks; each returns normally when its dependency answers
   */
  public static ManagementService start(
      String host, int port, Map<String, Runnable> checks, CatalogMetrics metrics) {
    return new ManagementService(
        HttpServer.start("firn-management", host, port, 8, new HealthHandler(checks, metrics)));
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

    HealthHandler(Map<String, Runnable> checks, CatalogMetrics metrics) {
      this.checks = checks;
      this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getPath();
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

    private boolean ready(Response response, Callback callback) {
      Map<String, String> results = new LinkedHashMap<>();
      boolean up = true;
      for (Map.Entry<String, Runnable> check : checks.entrySet()) {
        try {
          check.getValue().run();
          results.put(check.getKey(), "UP");
        } catch (RuntimeException e) {
          up = false;
          results.put(check.getKey(), "DOWN: " + e.getMessage());
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
