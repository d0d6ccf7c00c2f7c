package dev.firn.bench.compaction;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs compactions in child JVMs, one at a time: Firn's ({@link FirnCompactionRun}) on the
 * harness's classpath, Spark's ({@code SparkCompactionRun}, {@code local[2]}) on its module's
 * classpath. Samples each child's peak resident set while it runs, since {@code /proc} forgets a
 * process once it has exited, and bounds each by a timeout.
 */
public final class CompactionLauncher {
  static final String SPARK_MAIN_CLASS = "dev.firn.bench.spark.SparkCompactionRun";
  public static final String SPARK_MASTER = "local[" + CompactionSettings.ENGINE_THREADS + "]";
  public static final List<String> SPARK_CONF = List.of("spark.ui.enabled=false");
  private static final String SPARK_LOGGING = "spark-log4j2.properties";
  private static final long SAMPLE_MILLIS = 100;

  private final String catalogUri;
  private final String warehouse;
  private final CompactionSettings settings;
  private final SparkModule spark;
  private final ServerJvm jvm;
  private final Path workDirectory;
  private volatile Process running;
  private int launched;

  CompactionLauncher(
      String catalogUri,
      String warehouse,
      CompactionSettings settings,
      SparkModule spark,
      ServerJvm jvm,
      Path workDirectory)
      throws IOException {
    this.catalogUri = catalogUri;
    this.warehouse = warehouse;
    this.settings = settings;
    this.spark = spark;
    this.jvm = jvm;
    this.workDirectory = workDirectory;
    try (InputStream in = getClass().getResourceAsStream("/" + SPARK_LOGGING)) {
      Files.copy(in, workDirectory.resolve(SPARK_LOGGING), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  CompactionMeasurement run(Engine engine, String table, int repetition)
      throws IOException, InterruptedException {
    launched++;
    String name =
        String.format(Locale.ROOT, "compaction-%02d-%s", launched, engine.name())
            .toLowerCase(Locale.ROOT);
    Path log = workDirectory.resolve(name + ".log");
    Path gcLog = workDirectory.resolve(name + "-gc.log");
    ProcessBuilder builder = new ProcessBuilder(command(engine, table, gcLog));
    // Spark binds its driver to the loopback interface, as everything else in the run.
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    running = process;
    try {
      long rss = sampleUntilExit(process, start + CompactionSettings.RUN_TIMEOUT.toNanos());
      double wall = (System.nanoTime() - start) / 1e9;
      boolean exited = !process.isAlive();
      if (!exited) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      long heap = MemoryPeak.of(process.pid(), gcLog).heapUsedMegabytes();
      Optional<CompactionLine> line =
          CompactionLine.find(Files.readAllLines(log, StandardCharsets.UTF_8));
      CompactionMeasurement measured =
          new CompactionMeasurement(engine, repetition, line.orElse(null), wall, rss, heap, null);
      String failure = failure(exited ? process.exitValue() : null, line, log);
      return failure == null ? measured : measured.failed(failure);
    } finally {
      running = null;
    }
  }

  /** Waits for the process until the deadline; returns its peak resident set, or -1. */
  public static long sampleUntilExit(Process process, long deadline) throws InterruptedException {
    long rss = -1;
    boolean exited = false;
    while (!exited && System.nanoTime() < deadline) {
      // VmHWM only grows, so the last sample before the exit is the peak, give or take a sample.
      rss = Math.max(rss, MemoryPeak.rssKilobytes(process.pid()));
      exited = process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }
    return rss;
  }

  /** Why a run does not count, or null; {@code exitCode} is null when it did not end in time. */
  private static String failure(Integer exitCode, Optional<CompactionLine> line, Path log) {
    if (exitCode == null) {
      return "no result within " + CompactionSettings.RUN_TIMEOUT.toMinutes() + " minutes";
    }
    if (line.isEmpty()) {
      return "no result line, exit code " + exitCode + "; see " + log;
    }
    if (!line.get().succeeded() || exitCode != 0) {
      return "exit code " + exitCode + ": " + line.get().error() + "; see " + log;
    }
    return null;
  }

  private List<String> command(Engine engine, String table, Path gcLog) {
    if (engine.firn()) {
      List<String> command =
          jvm.command(
              FirnLaunch.ownClasspath(),
              gcLog,
              List.of("-Dlogback.configurationFile=" + FirnLaunch.LOGGING_CONFIGURATION),
              FirnCompactionRun.class.getName());
      command.addAll(
          List.of(
              catalogUri,
              warehouse,
              table,
              Long.toString(settings.targetFileSize()),
              Integer.toString(CompactionSettings.MIN_INPUT_FILES),
              Integer.toString(CompactionSettings.ENGINE_THREADS),
              Boolean.toString(engine == Engine.FIRN)));
      return command;
    }
    List<String> options = new ArrayList<>(spark.javaOptions());
    options.add(
        "-Dlog4j2.configurationFile=" + workDirectory.resolve(SPARK_LOGGING).toAbsolutePath());
    List<String> command = jvm.command(spark.classpath(), gcLog, options, SPARK_MAIN_CLASS);
    command.addAll(
        List.of(
            "--catalog-uri", catalogUri,
            "--warehouse", warehouse,
            "--table", table,
            "--target-file-size", Long.toString(settings.targetFileSize()),
            "--min-input-files", Integer.toString(CompactionSettings.MIN_INPUT_FILES),
            "--master", SPARK_MASTER));
    SPARK_CONF.forEach(conf -> command.addAll(List.of("--conf", conf)));
    return command;
  }

  /** Ends the compaction in progress, if any. */
  void killRunning() {
    Process process = running;
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
