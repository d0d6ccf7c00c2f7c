package dev.firn.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code firn serve} process, as the fault tests and the soak run it: started on its data
 * folder and ports from its environment ({@code FIRN_*}), killed with {@code SIGKILL}, started
 * again on the same folder and ports, with its output appended to one log. Ready when its
 * management port answers {@code /health/ready} with 200.
 */
public final class FirnProcess {
  private static final Random PORTS = new Random();

  private final int index;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final AtomicInteger failedStarts = new AtomicInteger();
  private volatile String lastFailedStart;
  private volatile Process process;
  private volatile boolean ready;

  /**
   * @param command the command that runs {@code firn serve}
   * @param environment its settings, with {@code FIRN_CATALOG_PORT} and {@code
   *     FIRN_CATALOG_MANAGEMENT_PORT} fixed
   */
  public FirnProcess(int index, List<String> command, Map<String, String> environment, Path log) {
    this.index = index;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  /**
   * A free port below the ephemeral range: a node's port must stay free while the node is down, and
   * an ephemeral one may meanwhile be taken by any outgoing connection.
   */
  public static int freePort() throws IOException {
    for (int tries = 0; tries < 1_000; tries++) {
      int port = 20_000 + PORTS.nextInt(10_000);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("No free port between 20000 and 30000");
  }

  public int index() {
    return index;
  }

  public int catalogPort() {
    return Integer.parseInt(environment.get("FIRN_CATALOG_PORT"));
  }

  public int managementPort() {
    return Integer.parseInt(environment.get("FIRN_CATALOG_MANAGEMENT_PORT"));
  }

  public Path dataDirectory() {
    return Path.of(environment.get("FIRN_DATA_DIR"));
  }

  /** Starts this process that failed to start, as a supervisor counts them. */
  public int failedStarts() {
    return failedStarts.get();
  }

  /** Why the last start that failed did, or null. */
  public String lastFailedStart() {
    return lastFailedStart;
  }

  public synchronized void start() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    ready = false;
    process = builder.start();
  }

  /**
   * Starts the node and waits until it is ready, starting it again if it exits first, as a
   * supervisor would; each such exit is counted.
   */
  public void startUntilReady() throws Exception {
    for (int attempt = 1; ; attempt++) {
      start();
      try {
        awaitReady();
        return;
      } catch (IllegalStateException exited) {
        failedStarts.incrementAndGet();
        lastFailedStart = exited.getMessage();
        if (attempt >= 5) {
          throw exited;
        }
      }
    }
  }

  /** Whether the process runs, ready or not. */
  public boolean started() {
    Process running = process;
    return running != null && running.isAlive();
  }

  /** Whether the process runs and is ready. */
  public boolean alive() {
    return started() && (ready || probe());
  }

  public void awaitReady() throws Exception {
    for (int wait = 0; wait < 3_000; wait++) {
      if (probe()) {
        return;
      }
      Process running = process;
      if (running == null || !running.isAlive()) {
        throw new IllegalStateException(
            "Node "
                + index
                + " exited with "
                + (running == null ? "no process" : running.exitValue())
                + ":\n"
                + tail());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Node " + index + " did not become ready:\n" + tail());
  }

  private boolean probe() {
    try {
      HttpResponse<Void> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + managementPort() + "/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      ready = response.statusCode() == 200;
      return ready;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Kills the process with {@code SIGKILL}, as a crash would, and waits for it to be gone. */
  public synchronized void kill() throws InterruptedException {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
      running.waitFor(30, TimeUnit.SECONDS);
    }
    ready = false;
  }

  /** The last 30 lines of the log. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
