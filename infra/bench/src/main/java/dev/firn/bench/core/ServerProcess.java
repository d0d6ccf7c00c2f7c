package dev.firn.bench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A catalog server running in a child JVM, with its output in a log file. */
public record ServerProcess(Side side, Process process, Path log, Path gcLog)
    implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  public static ServerProcess launch(
      Side side,
      List<String> command,
      Consumer<Map<String, String>> environment,
      Path log,
      Path gcLog) {
    ProcessBuilder builder = new ProcessBuilder(command);
    environment.accept(builder.environment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return new ServerProcess(side, builder.start(), log, gcLog);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the " + side.label() + " server", e);
    }
  }

  /** Waits, bounded by {@link #START_TIMEOUT}, until {@code ready} holds. */
  public void awaitReady(BooleanSupplier ready) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The "
                + side.label()
                + " server exited early; its log "
                + log
                + " ends:\n"
                + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The " + side.label() + " server did not start in " + START_TIMEOUT + "; see " + log);
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a server", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process's memory peaks so far; call it before {@link #close()}. */
  public MemoryPeak memoryPeak() {
    return MemoryPeak.of(process.pid(), gcLog);
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      // Firn's server stops when its input closes; the reference server on SIGTERM.
      process.getOutputStream().close();
    } catch (IOException e) {
      // The process is going away either way.
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
