package dev.firn.bench.ingest;

import dev.firn.bench.compaction.CompactionLauncher;
import dev.firn.bench.core.FirnLaunch;
import dev.firn.bench.core.IngestSchema;
import dev.firn.bench.core.MemoryPeak;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.SparkModule;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.SchemaParser;

/**
 * Runs loads in child JVMs, one at a time, each bounded by a timeout, with its output and GC log
 * kept in the work folder: Firn's writer and the plain loader ({@link IngestLoaderMain}) on the
 * harness's classpath, Spark ({@code SparkIngestRun}, {@code local[2]}) on its module's classpath.
 * A load that fails or times out is recorded as a failure; {@link #killRunning()} ends the running
 * one when the harness stops.
 */
final class LoaderLauncher {
  static final String SPARK_MAIN_CLASS = "dev.firn.bench.spark.SparkIngestRun";
  static final String SCHEMA_FILE = "ingest-schema.json";
  private static final String SPARK_LOGGING = "spark-log4j2.properties";

  private final String catalogUri;
  private final String warehouse;
  private final ServerJvm jvm;
  private final Path workDirectory;
  private final Duration timeout;
  private final SparkModule spark;
  private volatile Process running;
  private int launched;

  /** A launcher; {@code spark} may be null when no load runs on Spark. */
  LoaderLauncher(
      String catalogUri,
      String warehouse,
      ServerJvm jvm,
      Path workDirectory,
      Duration timeout,
      SparkModule spark)
      throws IOException {
    this.catalogUri = catalogUri;
    this.warehouse = warehouse;
    this.jvm = jvm;
    this.workDirectory = workDirectory;
    this.timeout = timeout;
    this.spark = spark;
    if (spark != null) {
      try (InputStream in = getClass().getResourceAsStream("/" + SPARK_LOGGING)) {
        Files.copy(in, workDirectory.resolve(SPARK_LOGGING), StandardCopyOption.REPLACE_EXISTING);
      }
      // Spark reads NDJSON with the schema the other loaders give their tables.
      Files.writeString(
          workDirectory.resolve(SCHEMA_FILE),
          SchemaParser.toJson(IngestSchema.SCHEMA),
          StandardCharsets.UTF_8);
    }
  }

  LoadMeasurement load(Loader loader, InputFormat format, String table, List<Path> files)
      throws IOException, InterruptedException {
    launched++;
    String name =
        String.format(Locale.ROOT, "load-%02d-%s-%s", launched, loader.name(), format.name());
    Path log = workDirectory.resolve(name.toLowerCase(Locale.ROOT) + ".log");
    Path gcLog = workDirectory.resolve(name.toLowerCase(Locale.ROOT) + "-gc.log");
    List<String> command =
        loader == Loader.SPARK
            ? sparkCommand(format, table, files, gcLog)
            : command(loader, format, table, files, gcLog);
    ProcessBuilder builder = new ProcessBuilder(command);
    // Spark binds its driver to the loopback interface, as everything else in the run.
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
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

  private List<String> command(
      Loader loader, InputFormat format, String table, List<Path> files, Path gcLog) {
    List<String> command =
        jvm.command(
            ownClasspath(),
            gcLog,
            List.of("-Dlogback.configurationFile=" + FirnLaunch.LOGGING_CONFIGURATION),
            IngestLoaderMain.class.getName());
    command.add(loader.option());
    command.add(format.name().toLowerCase(Locale.ROOT));
    command.add(catalogUri);
    command.add(warehouse);
    command.add(table);
    files.forEach(file -> command.add(file.toAbsolutePath().toString()));
    return command;
  }

  private List<String> sparkCommand(
      InputFormat format, String table, List<Path> files, Path gcLog) {
    if (spark == null) {
      throw new IllegalStateException("No Spark module to load with");
    }
    List<String> options = new ArrayList<>(spark.javaOptions());
    options.add(
        "-Dlog4j2.configurationFile=" + workDirectory.resolve(SPARK_LOGGING).toAbsolutePath());
    List<String> command = jvm.command(spark.classpath(), gcLog, options, SPARK_MAIN_CLASS);
    command.addAll(
        List.of(
            "--catalog-uri",
            catalogUri,
            "--warehouse",
            warehouse,
            "--table",
            table,
            "--format",
            format.name().toLowerCase(Locale.ROOT),
            "--schema-file",
            workDirectory.resolve(SCHEMA_FILE).toAbsolutePath().toString(),
            "--inputs",
            String.join(",", files.stream().map(f -> f.toAbsolutePath().toString()).toList()),
            "--master",
            CompactionLauncher.SPARK_MASTER));
    CompactionLauncher.SPARK_CONF.forEach(conf -> command.addAll(List.of("--conf", conf)));
    return command;
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
