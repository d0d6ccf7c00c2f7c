package dev.firn.bench.expiry;

import dev.firn.bench.compaction.CompactionLauncher;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FirnLaunch;
import dev.firn.bench.core.MemoryPeak;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.SparkModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs expiries and orphan listings in child JVMs, one child at a time, with the same heap limit:
 * Firn's ({@link FirnMaintenanceRun}) on the harness's classpath, Spark's ({@code
 * SparkMaintenanceRun}, {@code local[2]}) on its module's classpath. A child runs a list of jobs
 * one after the other. Samples each child's peak resident set while it runs, and bounds each by a
 * timeout per job.
 */
public final class MaintenanceLauncher {
  /**
   * Spark's actions join file lists: with its default of 200 shuffle partitions, most of a small
   * local job would be task overhead. Four suit {@code local[2]}, as a user would set them.
   */
  public static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions=4";

  static final String SPARK_MAIN_CLASS = "dev.firn.bench.spark.SparkMaintenanceRun";
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

  /**
   * One job of a child process.
   *
   * @param job what runs
   * @param table the table it works on
   * @param cutoffMillis its cutoff, epoch milliseconds
   */
  record Target(MaintenanceJob job, String table, long cutoffMillis) {}

  /**
   * Runs the jobs one after the other in one child process of the engine; returns one measurement
   * per job, in order, each with the process's life and peak memory.
   */
  List<MaintenanceMeasurement> run(Engine engine, List<Target> targets, int repetition)
      throws IOException, InterruptedException {
    launched++;
    String name =
        String.format(Locale.ROOT, "jobs-%02d-%s", launched, engine.name())
            .toLowerCase(Locale.ROOT);
    Path log = workDirectory.resolve(name + ".log");
    Path gcLog = workDirectory.resolve(name + "-gc.log");
    ProcessBuilder builder = new ProcessBuilder(command(engine, targets, gcLog));
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    running = process;
    try {
      long rss =
          CompactionLauncher.sampleUntilExit(
              process, start + ExpirySettings.RUN_TIMEOUT.toNanos() * targets.size());
      double wall = (System.nanoTime() - start) / 1e9;
      boolean exited = !process.isAlive();
      if (!exited) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      long heap = MemoryPeak.of(process.pid(), gcLog).heapUsedMegabytes();
      List<MaintenanceLine> lines =
          MaintenanceLine.all(Files.readAllLines(log, StandardCharsets.UTF_8));
      List<MaintenanceMeasurement> measured = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        MaintenanceJob job = targets.get(i).job();
        MaintenanceLine line = i < lines.size() && lines.get(i).job() == job ? lines.get(i) : null;
        MaintenanceMeasurement run =
            new MaintenanceMeasurement(engine, job, repetition, line, wall, rss, heap, null);
        String failure = failure(exited ? process.exitValue() : null, line, log);
        measured.add(failure == null ? run : run.failed(failure));
      }
      return measured;
    } finally {
      running = null;
    }
  }

  /** Why a job does not count, or null; {@code exitCode} is null when the process did not end. */
  private static String failure(Integer exitCode, MaintenanceLine line, Path log) {
    if (exitCode == null) {
      return "no result within " + ExpirySettings.RUN_TIMEOUT.toMinutes() + " minutes per job";
    }
    if (line == null) {
      return "no result line, exit code " + exitCode + "; see " + log;
    }
    if (!line.succeeded()) {
      return "exit code " + exitCode + ": " + line.error() + "; see " + log;
    }
    return null;
  }

  private List<String> command(Engine engine, List<Target> targets, Path gcLog) {
    if (engine == Engine.FIRN) {
      List<String> command =
          jvm.command(
              FirnLaunch.ownClasspath(),
              gcLog,
              List.of("-Dlogback.configurationFile=" + FirnLaunch.LOGGING_CONFIGURATION),
              FirnMaintenanceRun.class.getName());
      command.addAll(List.of(catalogUri, warehouse));
      for (Target target : targets) {
        command.addAll(
            List.of(target.job().option(), target.table(), Long.toString(target.cutoffMillis())));
      }
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
            joined(targets, Target::table),
            "--job",
            joined(targets, target -> target.job().option()),
            "--older-than",
            joined(targets, target -> Long.toString(target.cutoffMillis())),
            "--retain-last",
            Integer.toString(ExpirySettings.RETAIN_LAST),
            "--master",
            CompactionLauncher.SPARK_MASTER));
    CompactionLauncher.SPARK_CONF.forEach(conf -> command.addAll(List.of("--conf", conf)));
    command.addAll(List.of("--conf", SHUFFLE_PARTITIONS));
    return command;
  }

  private static String joined(List<Target> targets, Function<Target, String> item) {
    return String.join(",", targets.stream().map(item).toList());
  }

  /** Ends the run in progress, if any. */
  void killRunning() {
    Process process = running;
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
