package dev.firn.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs loads in child JVMs ({@link IngestLoaderMain}), one at a time, each bounded by a timeout,
 * with its output and GC log kept in the work folder. A load that fails or times out is recorded as
 * a failure; {@link #killRunning()} ends the running one when the harness stops.
 */
final class LoaderLauncher {
  private final String catalogUri;
  private final String warehouse;
  private final ServerJvm jvm;
  private final Path workDirectory;
  private final Duration timeout;
  private volatile Process running;
  private int launched;

  LoaderLauncher(
      String catalogUri, String warehouse, ServerJvm jvm, Path workDirectory, Duration timeout) {
    this.catalogUri = catalogUri;
    this.warehouse = warehouse;
    this.jvm = jvm;
    this.workDirectory = workDirectory;
    this.timeout = timeout;
  }

  LoadMeasurement load(Loader loader, InputFormat format, String table, List<Path> files)
      throws IOException, InterruptedException {
    launched++;
    String name = String.format("load-%02d-%s-%s", launched, loader.name(), format.name());
    Path log = workDirectory.resolve(name.toLowerCase(Locale.ROOT) + ".log");
    Path gcLog = workDirectory.resolve(name.toLowerCase(Locale.ROOT) + "-gc.log");
    List<String> command =
        jvm.command(
            ownClasspath(),
            gcLog,
            List.of("-Dlogback.configurationFile=" + FirnLaunch.LOGGING_CONFIGURATION),
            IngestLoaderMain.class.getName());
    command.add(loader.name().toLowerCase(Locale.ROOT));
    command.add(format.name().toLowerCase(Locale.ROOT));
    command.add(catalogUri);
    command.add(warehouse);
    command.add(table);
    files.forEach(file -> command.add(file.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    long start = System.nanoTime();
    Process process = builder.start();
    running = process;
    try {
      boolean exited = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
      double wall = (System.nanoTime() - start) / 1e9;
      if (!exited) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      long heap = MemoryPeak.of(process.pid(), gcLog).heapUsedMegabytes();
      String failure = exited ? null : "no result within " + timeout.toMinutes() + " minutes";
      return measurement(loader, format, table, log, wall, heap, failure, process);
    } finally {
      running = null;
    }
  }

  private static LoadMeasurement measurement(
      Loader loader,
      InputFormat format,
      String table,
      Path log,
      double wall,
      long heap,
      String timedOut,
      Process process)
      throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    Optional<LoadLine> line = LoadLine.find(lines);
    String failure = timedOut;
    if (failure == null && (process.exitValue() != 0 || line.isEmpty())) {
      failure = "exit code " + process.exitValue() + "; see " + log;
    }
    if (failure != null) {
      return new LoadMeasurement(loader, format, table, null, wall, heap, failure);
    }
    return new LoadMeasurement(loader, format, table, line.get(), wall, heap, null);
  }

  /** Ends the load in progress, if any. */
  void killRunning() {
    Process process = running;
    if (process != null) {
      process.destroyForcibly();
    }
  }

  // With `java -cp firn-bench.jar`, the jar's manifest names the libraries.
  private static String ownClasspath() {
    return String.join(
        File.pathSeparator,
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .toList());
  }
}
