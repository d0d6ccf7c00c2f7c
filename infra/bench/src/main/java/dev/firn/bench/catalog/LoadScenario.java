package dev.firn.bench.catalog;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Repeated {@code GET} of one table's loadTable route by plain HTTP, so that the client's cost is
 * small and the same for both servers.
 *
 * @param threads the client threads sending requests, each waiting for its answer
 * @param conditional whether requests carry {@code If-None-Match} with the table's ETag, which a
 *     server answers with 304 while the table is unchanged
 */
record LoadScenario(int threads, boolean conditional) {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  String title() {
    return "loadTable, "
        + threads
        + (threads == 1 ? " thread" : " threads")
        + (conditional ? ", If-None-Match" : "");
  }

  /** One unconditional load before measuring: the response's size and ETag. */
  static FirstLoad firstLoad(HttpClient http, CatalogEndpoint endpoint, TableIdentifier table)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(request(endpoint, table, null), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "loadTable on the "
              + endpoint.side().label()
              + " server answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return new FirstLoad(
        response.body().length, response.headers().firstValue("ETag").orElse(null));
  }

  /**
   * The size of a full loadTable response and its ETag.
   *
   * @param bytes the body's length
   * @param etag the ETag header, or null when the server sends none
   */
  record FirstLoad(int bytes, String etag) {}

  LoadRun run(
      HttpClient http,
      CatalogEndpoint endpoint,
      TableIdentifier table,
      Duration window,
      int maxRequests) {
    FirstLoad first;
    try {
      first = firstLoad(http, endpoint, table);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("Cannot load the table before measuring: " + e, e);
    }
    // The table does not change while it is loaded, so the first ETag stays current.
    String tag = conditional ? first.etag() : null;
    long[] nanos = new long[maxRequests];
    AtomicInteger tickets = new AtomicInteger();
    AtomicLong notModified = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long elapsed =
        Workers.run(
            threads,
            window.toNanos(),
            (worker, deadline) -> {
              while (System.nanoTime() < deadline) {
                int ticket = tickets.getAndIncrement();
                if (ticket >= maxRequests) {
                  return;
                }
                long start = System.nanoTime();
                int status = send(http, request(endpoint, table, tag));
                nanos[ticket] = System.nanoTime() - start;
                if (status == 304) {
                  notModified.incrementAndGet();
                } else if (status != 200) {
                  errors.incrementAndGet();
                  nanos[ticket] = -1;
                }
              }
            });
    int sent = Math.min(tickets.get(), maxRequests);
    return new LoadRun(
        sent, notModified.get(), errors.get(), elapsed, Latencies.of(nanos, sent), first.bytes());
  }

  private static HttpRequest request(CatalogEndpoint endpoint, TableIdentifier table, String etag) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint.tableUri(table))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (!endpoint.authorization().isEmpty()) {
      builder.header("Authorization", endpoint.authorization());
    }
    if (etag != null) {
      builder.header("If-None-Match", etag);
    }
    return builder.GET().build();
  }

  // The body is read in full, as a client must, and dropped.
  private static int send(HttpClient http, HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }
}
