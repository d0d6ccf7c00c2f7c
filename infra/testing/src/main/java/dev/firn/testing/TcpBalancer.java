package dev.firn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP load balancer on loopback, as one runs in front of several Firn nodes: each new connection
 * goes to the next backend that accepts it, round robin; a backend that refuses is skipped. A
 * connection stays with its backend until either side closes it, so a node that dies cuts its
 * clients' connections and their retries reach another node.
 */
public final class TcpBalancer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpBalancer.class);

  private final ServerSocket listener;
  private final List<Integer> backends;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger next = new AtomicInteger();

  private TcpBalancer(ServerSocket listener, List<Integer> backends) {
    this.listener = listener;
    this.backends = List.copyOf(backends);
  }

  /** Starts a balancer on a free loopback port in front of backends on loopback ports. */
  public static TcpBalancer start(List<Integer> backendPorts) throws IOException {
    ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    TcpBalancer balancer = new TcpBalancer(listener, backendPorts);
    balancer.threads.submit(balancer::accept);
    return balancer;
  }

  public int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("Balancer could not accept a connection", e);
        }
        continue;
      }
      threads.submit(() -> forward(client));
    }
  }

  private void forward(Socket client) {
    Socket server = null;
    for (int tried = 0; tried < backends.size() && server == null; tried++) {
      int port = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
      Socket candidate = new Socket();
      try {
        candidate.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
        server = candidate;
      } catch (IOException refused) {
        closeQuietly(candidate);
      }
    }
    if (server == null) {
      closeQuietly(client);
      return;
    }
    Socket backend = server;
    try {
      client.setTcpNoDelay(true);
      backend.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(backend);
      return;
    }
    threads.submit(() -> pump(backend, client));
    pump(client, backend);
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away: both go.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
