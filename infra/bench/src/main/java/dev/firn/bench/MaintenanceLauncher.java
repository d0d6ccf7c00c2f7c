package dev.firn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs expiries and orphan listings in child JVMs, one at a time, with the same heap limit: Firn's
 * ({@link FirnMaintenanceRun}) on the harness's classpath, Spark's ({@code SparkMaintenanceRun},
 * {@code local[2]}) on its module's classpath. Samples each child's peak resident set while it
 * runs, and bounds each by a timeout.
 */
final class MaintenanceLauncher {
  /**
   * Spark's actions join file lists: with its default of 200 shuffle partitions, most of a small
   * local job would be task overhead. Four suit {@code local[2]}, as a user would set them.
   */
  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions=4";

  static final String SPARK_MAIN_CLASS = "dev.firn.maintenance.spark.SparkMaintenanceRun";
  private static final String SPARK_LOGGING = "spark-log4j2.properties";

  private final String catalogUri;
  private final String warehouse;
  private final SparkModule spark;
  private final ServerJvm jvm;
  private final Path workDirectory;
  private volatile Process running;
  private int launched;

  MaintenanceLauncher(
      String catalogUri, String warehouse, SparkModule spark, ServerJvm jvm, Path workDirectory)
      throws IOException {
    this.catalogUri = catalogUri;
    this.warehouse = warehouse;
    this.spark = spark;
    this.jvm = jvm;
    this.workDirectory = workDirectory;
    try (InputStream in = getClass().getResourceAsStream("/" + SPARK_LOGGING)) {
      Files.copy(in, workDirectory.resolve(SPARK_LOGGING), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  MaintenanceMeasurement run(
      Engine engine, MaintenanceJob job, String table, long cutoffMillis, int repetition)
      throws IOException, InterruptedException {
    launched++;
    String name =
        String.format(Locale.ROOT, "%s-%02d-%s", job.option(), launched, engine.name())
            .toLowerCase(Locale.ROOT);
    Path log = workDirectory.resolve(name + ".log");
    Path gcLog = workDirectory.resolve(name + "-gc.log");
    ProcessBuilder builder = new ProcessBuilder(command(engine, job, table, cutoffMillis, gcLog));
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    running = process;
    try {
      long rss =
          CompactionLauncher.sampleUntilExit(process, start + ExpirySettings.RUN_TIMEOUT.toNanos());
      double wall = (System.nanoTime() - start) / 1e9;
      boolean exited = !process.isAlive();
      if (!exited) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      long heap = MemoryPeak.of(process.pid(), gcLog).heapUsedMegabytes();
      Optional<MaintenanceLine> line =
          MaintenanceLine.find(Files.readAllLines(log, StandardCharsets.UTF_8));
      MaintenanceMeasurement measured =
          new MaintenanceMeasurement(
              engine, job, repetition, line.orElse(null), wall, rss, heap, null);
      String failure = failure(exited ? process.exitValue() : null, line, log);
      return failure == null ? measured : measured.failed(failure);
    } finally {
      running = null;
    }
  }

  /** Why a run does not count, or null; {@code exitCode} is null when it did not end in time. */
  private static String failure(Integer exitCode, Optional<MaintenanceLine> line, Path log) {
    if (exitCode == null) {
      return "no result within " + ExpirySettings.RUN_TIMEOUT.toMinutes() + " minutes";
    }
    if (line.isEmpty()) {
      return "no result line, exit code " + exitCode + "; see " + log;
    }
    if (!line.get().succeeded() || exitCode != 0) {
      return "exit code " + exitCode + ": " + line.get().error() + "; see " + log;
    }
    return null;
  }

  private List<String> command(
      Engine engine, MaintenanceJob job, String table, long cutoffMillis, Path gcLog) {
    if (engine == Engine.FIRN) {
      List<String> command =
          jvm.command(
              FirnLaunch.ownClasspath(),
              gcLog,
              List.of("-Dlogback.configurationFile=" + FirnLaunch.LOGGING_CONFIGURATION),
              FirnMaintenanceRun.class.getName());
      command.addAll(
          List.of(catalogUri, warehouse, table, job.option(), Long.toString(cutoffMillis)));
      return command;
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
            "--job",
            job.option(),
            "--older-than",
            Long.toString(cutoffMillis),
            "--retain-last",
            Integer.toString(ExpirySettings.RETAIN_LAST),
            "--master",
            CompactionLauncher.SPARK_MASTER));
    CompactionLauncher.SPARK_CONF.forEach(conf -> command.addAll(List.of("--conf", conf)));
    command.addAll(List.of("--conf", SHUFFLE_PARTITIONS));
    return command;
  }

  /** Ends the run in progress, if any. */
  void killRunning() {
    Process process = running;
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
