package dev.firn.bench.core;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the measured child JVMs of a harness, one at a time, each with its output and GC log kept in
 * the work folder: Firn's side on the harness's own classpath, the Spark side ({@code
 * infra/bench-spark}, {@code local[2]}) on the Spark module's classpath. Samples each child's peak
 * resident set while it runs, since {@code /proc} forgets a process once it has exited, and bounds
 * each by a timeout; {@link #killRunning()} ends the running one when the harness stops.
 */
public final class ChildJvms {
  public static final int SPARK_THREADS = 2;
  public static final String SPARK_MASTER = "local[" + SPARK_THREADS + "]";
  public static final List<String> SPARK_CONF = List.of("spark.ui.enabled=false");
  private static final String SPARK_LOGGING = "spark-log4j2.properties";
  private static final long SAMPLE_MILLIS = 100;

  private final ServerJvm jvm;
  private final Map<String, String> environment;
  private final Path workDirectory;
  private final SparkModule spark;
  private volatile Process running;
  private int launched;

  /** Children in {@code workDirectory}; {@code spark} may be null when none runs on Spark. */
  /**
   * @param environment variables every child gets besides this JVM's, such as the credential it
   *     signs in to the catalog with
   */
  ChildJvms(ServerJvm jvm, Path workDirectory, SparkModule spark, Map<String, String> environment)
      throws IOException {
    this.environment = Map.copyOf(environment);
    this.jvm = jvm;
    this.workDirectory = workDirectory;
    this.spark = spark;
    if (spark != null) {
      try (InputStream in = ChildJvms.class.getResourceAsStream("/" + SPARK_LOGGING)) {
        Files.copy(in, workDirectory.resolve(SPARK_LOGGING), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  public ServerJvm jvm() {
    return jvm;
  }

  public Path workDirectory() {
    return workDirectory;
  }

  /** The command of a Firn-side child: {@code main} on the harness's classpath. */
  public List<String> firn(Class<?> main, Path gcLog, List<String> arguments) {
    List<String> command =
        jvm.command(
            FirnLaunch.ownClasspath(),
            gcLog,
            List.of("-Dlogback.configurationFile=" + FirnLaunch.LOGGING_CONFIGURATION),
            main.getName());
    command.addAll(arguments);
    return command;
  }

  /**
   * The command of a Spark-side child: {@code mainClass} on the Spark module's classpath, with its
   * Java options, {@code local[2]} and {@link #SPARK_CONF} plus {@code conf}.
   */
  public List<String> spark(
      String mainClass, Path gcLog, List<String> arguments, List<String> conf) {
    if (spark == null) {
      throw new IllegalStateException("No Spark module to run " + mainClass + " with");
    }
    List<String> options = new ArrayList<>(spark.javaOptions());
    options.add(
        "-Dlog4j2.configurationFile=" + workDirectory.resolve(SPARK_LOGGING).toAbsolutePath());
    List<String> command = jvm.command(spark.classpath(), gcLog, options, mainClass);
    command.addAll(arguments);
    command.addAll(List.of("--master", SPARK_MASTER));
    for (String pair : SPARK_CONF) {
      command.addAll(List.of("--conf", pair));
    }
    for (String pair : conf) {
      command.addAll(List.of("--conf", pair));
    }
    return command;
  }

  /**
   * Runs one child to its end or its timeout.
   *
   * @param name what the child does, for its log files, such as {@code load-ndjson-firn}
   * @param command the child's command, given its GC log
   */
  public ChildRun run(String name, Function<Path, List<String>> command, Duration timeout)
      throws IOException, InterruptedException {
    launched++;
    String file = String.format(Locale.ROOT, "%02d-%s", launched, name).toLowerCase(Locale.ROOT);
    Path log = workDirectory.resolve(file + ".log");
    Path gcLog = workDirectory.resolve(file + "-gc.log");
    ProcessBuilder builder = new ProcessBuilder(command.apply(gcLog));
    // Spark binds its driver to the loopback interface, as everything else in the run.
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    running = process;
    try {
      long rss = -1;
      boolean exited = false;
      long deadline = start + timeout.toNanos();
      while (!exited && System.nanoTime() < deadline) {
        // VmHWM only grows, so the last sample before the exit is the peak, give or take one.
        rss = Math.max(rss, MemoryPeak.rssKilobytes(process.pid()));
        exited = process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
      }
      double wall = (System.nanoTime() - start) / 1e9;
      if (!exited) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      long heap = MemoryPeak.of(process.pid(), gcLog).heapUsedMegabytes();
      return new ChildRun(
          log,
          exited ? process.exitValue() : null,
          new ProcessFigures(wall, rss, heap),
          Files.readAllLines(log, StandardCharsets.UTF_8));
    } finally {
      running = null;
    }
  }

  void killRunning() {
    Process process = running;
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
