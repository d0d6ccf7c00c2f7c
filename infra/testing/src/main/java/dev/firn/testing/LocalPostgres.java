package dev.firn.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away PostgreSQL server started from the binaries installed on this machine, listening on
 * loopback only, with its data in a temporary folder that is removed when it stops. Tests get it
 * through {@link PostgresExtension}; benchmarks start it directly, durable, to measure Firn on
 * PostgreSQL.
 *
 * <p>PostgreSQL refuses to run as root; under root the server runs as the {@code postgres} user
 * that Debian's packages create.
 */
public final class LocalPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final String USER = "firn";
  private static final String RUN_AS = "postgres";

  private final Path bin;
  private final Path home;
  private final int port;
  private final boolean asRoot;
  private final boolean durable;
  private String options;

  private LocalPostgres(Path bin, Path home, int port, boolean asRoot, boolean durable) {
    this.bin = bin;
    this.home = home;
    this.port = port;
    this.asRoot = asRoot;
    this.durable = durable;
  }

  /** The folder holding {@code initdb} and {@code pg_ctl}, if PostgreSQL is installed. */
  public static Optional<Path> binaries() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      Arrays.stream(path.split(File.pathSeparator)).map(Path::of).forEach(candidates::add);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .map(v -> v.resolve("bin"))
            .sorted(Comparator.reverseOrder())
            .forEach(candidates::add);
      } catch (IOException e) {
        LOG.debug("Cannot list {}", debian, e);
      }
    }
    return candidates.stream()
        .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
        .filter(dir -> Files.isExecutable(dir.resolve("pg_ctl")))
        .findFirst();
  }

  /** A server for tests: it skips flushing to disk, whose durability no test checks. */
  static LocalPostgres start() {
    return start(false);
  }

  /**
   * Starts a server; {@code durable} keeps PostgreSQL's default of flushing every commit to disk,
   * as a production server does, so that its commit times can be measured.
   */
  public static LocalPostgres start(boolean durable) {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL not found"));
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    try {
      Path home = Files.createTempDirectory("firn-postgres-");
      LocalPostgres server = new LocalPostgres(bin, home, freePort(), asRoot, durable);
      server.initAndStart();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "firn-postgres-stop"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start PostgreSQL from " + bin, e);
    }
  }

  public PostgresEndpoint endpoint() {
    return new PostgresEndpoint("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
  }

  private void initAndStart() throws IOException {
    if (asRoot) {
      run("chown", "-R", RUN_AS, home.toString());
    }
    Path data = home.resolve("data");
    runPostgres(
        "initdb",
        "-D",
        data.toString(),
        "-U",
        USER,
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-sync",
        "--no-instructions");
    List<String> settings =
        new ArrayList<>(
            List.of(
                "-p " + port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=" + home,
                "-c max_connections=300"));
    if (!durable) {
      // Durability of the test server's own disk writes is not under test.
      settings.addAll(List.of("-c fsync=off", "-c full_page_writes=off"));
    }
    this.options = String.join(" ", settings);
    startServer();
    LOG.info("Started PostgreSQL on 127.0.0.1:{} ({})", port, bin);
  }

  private void startServer() throws IOException {
    runPostgres(
        "pg_ctl",
        "-D",
        home.resolve("data").toString(),
        "-l",
        home.resolve("server.log").toString(),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start");
  }

  /**
   * Stops the server at once, as a crash would ({@code pg_ctl -m immediate}: open transactions are
   * lost, connections cut), and starts it again on the same port and data.
   */
  public synchronized void restart() {
    try {
      runPostgres("pg_ctl", "-D", home.resolve("data").toString(), "-m", "immediate", "stop");
      startServer();
      LOG.info("Restarted PostgreSQL on 127.0.0.1:{}", port);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot restart PostgreSQL", e);
    }
  }

  /** The folder of the binaries it runs, such as {@code /usr/lib/postgresql/16/bin}. */
  public Path binaryFolder() {
    return bin;
  }

  @Override
  public synchronized void close() {
    if (!Files.exists(home)) {
      return;
    }
    try {
      runPostgres("pg_ctl", "-D", home.resolve("data").toString(), "-m", "immediate", "stop");
    } catch (RuntimeException | IOException e) {
      LOG.warn("PostgreSQL for tests did not stop cleanly", e);
    }
    deleteRecursively(home);
  }

  private void runPostgres(String program, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (asRoot) {
      command.addAll(List.of("runuser", "-u", RUN_AS, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(Arrays.asList(args));
    run(command.toArray(String[]::new));
  }

  private void run(String... command) throws IOException {
    Path log = Files.createTempFile("firn-postgres-cmd-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("Timed out: " + String.join(" ", command));
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "Failed (exit "
                + process.exitValue()
                + "): "
                + String.join(" ", command)
                + "\n"
                + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted: " + String.join(" ", command), e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", root, e);
    }
  }
}
