package dev.firn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback that can lose a server's reply: once a connection's client has sent a
 * message containing the arming text and then one containing the firing text, the proxy forwards
 * that message, throws the server's reply away and cuts the connection. The server did the work;
 * the client never hears of it. Used between Firn and PostgreSQL to lose the reply to the {@code
 * COMMIT} of a pointer swap.
 *
 * <p>Matching is on the raw bytes of the protocol, so the client must send statements as text each
 * time (PostgreSQL's JDBC driver with {@code prepareThreshold=0} and {@code sslmode=disable}).
 */
public final class FaultProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger budget = new AtomicInteger();
  private final AtomicInteger fired = new AtomicInteger();
  private volatile byte[] arming = new byte[0];
  private volatile byte[] firing = new byte[0];
  private volatile boolean darkAfterLoss;
  private volatile boolean dark;
  private volatile boolean cut;
  private final java.util.Set<Connection> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private FaultProxy(ServerSocket listener, String targetHost, int targetPort) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts a proxy on a free loopback port that forwards to the target. */
  public static FaultProxy start(String targetHost, int targetPort) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    FaultProxy proxy = new FaultProxy(listener, targetHost, targetPort);
    proxy.threads.submit(proxy::accept);
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Loses the reply to the next {@code times} messages containing {@code firingText} that follow
   * one containing {@code armingText} on the same connection.
   */
  public void loseRepliesAfter(String armingText, String firingText, int times) {
    this.arming = armingText.getBytes(StandardCharsets.UTF_8);
    this.firing = firingText.getBytes(StandardCharsets.UTF_8);
    budget.set(times);
  }

  /**
   * After the next lost reply the proxy stops: it accepts no connection and cuts every open one
   * before the client learns its reply is gone, so the client's retries and checks all fail, as if
   * the server had died after doing the work.
   */
  public void goDarkAfterLoss() {
    this.darkAfterLoss = true;
  }

  /**
   * Cuts the server off, as a broken network would: every open connection is closed, and new ones
   * are closed as soon as they come, until {@link #reconnect()}.
   */
  public void cutOff() {
    cut = true;
    for (Connection connection : open) {
      connection.closeBoth();
    }
  }

  /** Forwards new connections again after {@link #cutOff()}. */
  public void reconnect() {
    cut = false;
  }

  /** How many replies have been lost so far. */
  public int lostReplies() {
    return fired.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          client.close();
          continue;
        }
        Socket server = new Socket(targetHost, targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        Connection connection = new Connection(client, server);
        open.add(connection);
        threads.submit(connection::pumpRequests);
        threads.submit(connection::pumpReplies);
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("Fault proxy could not accept a connection", e);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }

  private final class Connection {
    private final Socket client;
    private final Socket server;
    private byte[] tail = new byte[0];
    private boolean armed;
    private volatile boolean loseNextReply;

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void pumpRequests() {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = client.getInputStream();
          OutputStream out = server.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          if (dark) {
            // Stopped: nothing more reaches the server.
            return;
          }
          inspect(buffer, read);
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // The other side closed the connection.
      } finally {
        closeBoth();
      }
    }

    /** Looks for the texts in what the client just sent, including text split across reads. */
    private void inspect(byte[] chunk, int count) {
      byte[] seen = new byte[tail.length + count];
      System.arraycopy(tail, 0, seen, 0, tail.length);
      System.arraycopy(chunk, 0, seen, tail.length, count);
      // Only matches that end in the new bytes count; older ones were seen before.
      int newFrom = tail.length;
      int armedAt = armed ? -1 : indexEndingAfter(seen, arming, newFrom, 0);
      if (armedAt >= 0) {
        armed = true;
      }
      if (armed) {
        int firedAt = indexEndingAfter(seen, firing, newFrom, Math.max(armedAt, 0));
        if (firedAt >= 0 && budget.getAndUpdate(b -> b > 0 ? b - 1 : 0) > 0) {
          armed = false;
          loseNextReply = true;
        }
      }
      int keep = Math.min(seen.length, 255);
      tail = java.util.Arrays.copyOfRange(seen, seen.length - keep, seen.length);
    }

    void pumpReplies() {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = server.getInputStream();
          OutputStream out = client.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          if (loseNextReply) {
            if (darkAfterLoss) {
              dark = true;
              try {
                listener.close();
              } catch (IOException ignored) {
                // closed anyway
              }
              for (Connection other : open) {
                if (other != this) {
                  other.closeBoth();
                }
              }
            }
            fired.incrementAndGet();
            LOG.info("Fault proxy lost a reply of {} bytes and cut the connection", read);
            return;
          }
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // The other side closed the connection.
      } finally {
        closeBoth();
      }
    }

    private void closeBoth() {
      open.remove(this);
      try {
        client.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      try {
        server.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /**
   * Where {@code text} starts in {@code data}, at or after {@code from}, ending after {@code end}.
   */
  private static int indexEndingAfter(byte[] data, byte[] text, int end, int from) {
    if (text.length == 0) {
      return -1;
    }
    for (int i = Math.max(from, end - text.length + 1); i + text.length <= data.length; i++) {
      boolean match = true;
      for (int j = 0; j < text.length && match; j++) {
        match = data[i + j] == text[j];
      }
      if (match) {
        return i;
      }
    }
    return -1;
  }
}
