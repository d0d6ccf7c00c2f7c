package dev.firn.bench.catalog;

import dev.firn.testing.LocalPostgres;
import dev.firn.testing.PostgresEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL database of the "Firn on PostgreSQL" side of the commit scenarios: a private
 * server started from the PostgreSQL binaries installed on the machine, flushing every commit to
 * disk as a production server does. Without binaries, or when the server does not start, the side
 * is skipped and {@link #description()} says why; the run goes on without it.
 */
record PostgresSide(LocalPostgres server, String description) implements AutoCloseable {

  static PostgresSide start() {
    if (LocalPostgres.binaries().isEmpty()) {
      return skipped(
          "no PostgreSQL binaries (initdb, pg_ctl) on the PATH or under /usr/lib/postgresql");
    }
    LocalPostgres server;
    try {
      server = LocalPostgres.start(true);
    } catch (RuntimeException e) {
      return skipped("PostgreSQL did not start: " + e.getMessage());
    }
    return new PostgresSide(
        server,
        version(server.binaryFolder())
            + " from the machine's installed binaries, a private server on 127.0.0.1 with default durability (fsync on,"
            + " synchronous_commit on)");
  }

  static PostgresSide skipped(String reason) {
    return new PostgresSide(null, "skipped: " + reason);
  }

  boolean running() {
    return server != null;
  }

  /** The database Firn's server uses; only when {@link #running()}. */
  PostgresEndpoint endpoint() {
    return server.endpoint();
  }

  /** "PostgreSQL 16.4", as its server binary states its version, or "PostgreSQL". */
  private static String version(Path binaries) {
    try {
      Process process =
          new ProcessBuilder(binaries.resolve("postgres").toString(), "--version")
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      // "postgres (PostgreSQL) 16.4 (Debian 16.4-1)"
      String[] words = output.trim().split("\\s+");
      return words.length >= 3 ? "PostgreSQL " + words[2] : "PostgreSQL";
    } catch (IOException e) {
      return "PostgreSQL";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "PostgreSQL";
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
