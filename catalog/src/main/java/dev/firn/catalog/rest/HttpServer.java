package dev.firn.catalog.rest;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A Jetty server on one host and port, running one handler behind the {@link RequestGuard}. */
final class HttpServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private HttpServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  static HttpServer start(
      String name, String host, int port, int maxThreads, AllowList allowList, Handler handler) {
    QueuedThreadPool threads = new QueuedThreadPool(maxThreads);
    threads.setName(name);
    Server server = new Server(threads);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    // Namespaces travel as one path segment with levels joined by the encoded unit separator
    // (%1F), and a name may hold an encoded slash: decode neither as path structure. Firn reads
    // the raw path and rejects names it cannot store.
    http.setUriCompliance(
        UriCompliance.DEFAULT.with(
            "firn",
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));

    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new RequestGuard(allowList, host, handler));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(5_000);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "Cannot start " + name + " on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new HttpServer(server, connector);
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop HTTP server", e);
    }
  }
}
