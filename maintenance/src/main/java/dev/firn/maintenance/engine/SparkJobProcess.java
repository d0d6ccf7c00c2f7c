package dev.firn.maintenance.engine;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.schedule.JobRunner;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one maintenance job on the Spark engine, in a child JVM: Spark and Firn's server clash on
 * their libraries, so they never share a JVM. The child is {@code java <Spark's --add-opens> -cp
 * <the engine's classpath> SparkJobRun ...}; it reaches the catalog at {@code firn serve}'s own URI
 * and takes storage settings from {@code /v1/config} as any client does, then prints its result as
 * one line of JSON. Its output goes to one log file per table and job under the log folder,
 * replaced on each run. A child that cannot start, or ends without a result line, makes a failed
 * result naming the cause; this runner never throws. When the job's thread is interrupted (the
 * scheduler is stopping), the child is stopped too; a child also stops by itself when this process
 * dies, since its standard input then closes.
 */
public final class SparkJobProcess implements JobRunner {
  static final String MAIN_CLASS = "dev.firn.maintenance.spark.SparkJobRun";

  /** The Spark engine's own jar, which its build leaves beside the classpath file. */
  public static final String ENGINE_JAR = "firn-maintenance-spark.jar";

  /**
   * What Spark needs to reach into the JDK on Java 17, as Spark's own launcher passes it: the same
   * options as {@code spark.java.options} in the Spark module's pom.
   */
  static final List<String> JAVA_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  /** The environment variable that hands the child its bearer token. */
  public static final String TOKEN_VARIABLE = "FIRN_CATALOG_TOKEN";

  /** How long a stopped child may take to shut Spark down before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(SparkJobProcess.class);

  private final String master;
  private final Path classpath;
  private final Map<String, String> conf;
  private final URI catalogUri;
  private final String warehouse;
  private final Supplier<String> token;
  private final Path logDirectory;
  private final Clock clock;
  private final Path java;
  private final String mainClass;

  /**
   * @param master the Spark master URL the child passes to Spark
   * @param classpath a file listing the Spark engine's classpath; see {@link #classpath(Path)}
   * @param conf extra {@code spark.*} settings for Spark, others for the Iceberg catalog
   * @param catalogUri where the child reaches the catalog
   * @param token a bearer token for the child to sign in to the catalog with, fresh for each job;
   *     it returns null when the catalog takes requests without one. The child reads it from {@link
   *     #TOKEN_VARIABLE}, not its command line, which other users of the machine can see.
   * @param logDirectory where the children's output goes
   * @param java the {@code java} command to start children with
   * @param mainClass the child's main class, {@link #MAIN_CLASS} but in tests
   */
  SparkJobProcess(
      String master,
      Path classpath,
      Map<String, String> conf,
      URI catalogUri,
      String warehouse,
      Supplier<String> token,
      Path logDirectory,
      Clock clock,
      Path java,
      String mainClass) {
    this.master = master;
    this.classpath = classpath;
    this.conf = Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    this.catalogUri = catalogUri;
    this.warehouse = warehouse;
    this.token = token;
    this.logDirectory = logDirectory;
    this.clock = clock;
    this.java = java;
    this.mainClass = mainClass;
  }

  /** Children of {@link #MAIN_CLASS} on the Java this process runs on. */
  public SparkJobProcess(
      String master,
      Path classpath,
      Map<String, String> conf,
      URI catalogUri,
      String warehouse,
      Supplier<String> token,
      Path logDirectory,
      Clock clock) {
    this(
        master,
        classpath,
        conf,
        catalogUri,
        warehouse,
        token,
        logDirectory,
        clock,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        MAIN_CLASS);
  }

  @Override
  public JobResult run(TableIdentifier table, JobKind kind, boolean dryRun) {
    JobReport report = new JobReport(table.toString(), kind, dryRun, clock);
    Path log = log(table, kind);
    List<String> command;
    try {
      command = command(table, kind, dryRun);
    } catch (IOException | RuntimeException e) {
      return report.failed(
          new IllegalStateException(
              "Cannot read the Spark classpath file " + classpath + ": " + e, e));
    }
    Process process;
    try {
      Files.createDirectories(logDirectory);
      LOG.debug("Running {} {} on Spark at {}; output in {}", table, kind.label(), master, log);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      String bearer = token.get();
      if (bearer != null) {
        builder.environment().put(TOKEN_VARIABLE, bearer);
      }
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      return report.failed(new IllegalStateException("Cannot start the Spark job: " + e, e));
    }
    int status;
    try {
      status = process.waitFor();
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      return report
          .detail(where(log))
          .failed(new InterruptedException("Stopped with firn serve: the Spark job was ended"));
    } finally {
      closeQuietly(process.getOutputStream());
    }
    return result(report, log, status);
  }

  /** The child's command line. */
  List<String> command(TableIdentifier table, JobKind kind, boolean dryRun) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(JAVA_OPTIONS);
    // Spark applies these two to the driver only when it launches the driver's JVM itself, as
    // spark-submit does; here Firn launches it.
    String driverMemory = conf.get("spark.driver.memory");
    if (driverMemory != null && driverMemory.matches("\\d+[kKmMgGtT]?")) {
      command.add("-Xmx" + driverMemory);
    }
    String driverOptions = conf.getOrDefault("spark.driver.extraJavaOptions", "");
    Arrays.stream(driverOptions.trim().split("\\s+"))
        .filter(option -> !option.isEmpty())
        .forEach(command::add);
    command.addAll(List.of("-cp", classpath(classpath), mainClass));
    command.addAll(
        List.of(
            "--catalog-uri", catalogUri.toString(),
            "--warehouse", warehouse,
            "--table", table.toString(),
            "--job", kind.label(),
            "--master", master));
    conf.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
    if (dryRun) {
      command.add("--dry-run");
    }
    command.add("--exit-when-stdin-closes");
    return command;
  }

  /**
   * The classpath a file lists, entries separated by the path separator or line breaks, and the
   * Spark engine's jar when it lies next to the file.
   */
  static String classpath(Path file) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      Arrays.stream(line.split(File.pathSeparator))
          .map(String::trim)
          .filter(entry -> !entry.isEmpty())
          .forEach(entries::add);
    }
    Path jar = file.toAbsolutePath().resolveSibling(ENGINE_JAR);
    if (Files.isRegularFile(jar) && !entries.contains(jar.toString())) {
      entries.add(jar.toString());
    }
    if (entries.isEmpty()) {
      throw new IOException("The Spark classpath file " + file + " lists nothing");
    }
    return String.join(File.pathSeparator, entries);
  }

  /** One log file per table and job, kept until the job runs again. */
  Path log(TableIdentifier table, JobKind kind) {
    String name = table.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    return logDirectory.resolve(name + "." + kind.label() + ".log");
  }

  private JobResult result(JobReport report, Path log, int status) {
    Optional<String> line;
    try {
      line = SparkResultLine.find(log);
    } catch (IOException e) {
      return report.failed(new IllegalStateException("Cannot read the Spark job's output: " + e));
    }
    if (line.isEmpty()) {
      return report
          .detail(where(log))
          .failed(
              new IllegalStateException(
                  "The Spark job exited with status "
                      + status
                      + " and no result line"
                      + lastLine(log).map(last -> "; its last line: " + last).orElse("")));
    }
    SparkResultLine read;
    try {
      read = SparkResultLine.parse(line.get());
    } catch (IllegalArgumentException e) {
      return report.detail(where(log)).failed(e);
    }
    JobResult child = read.result();
    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            "Ran on Spark at %s in a child process (Spark started in %d ms); output in %s",
            master, read.startupMillis(), log));
    details.addAll(child.details());
    return new JobResult(
        child.table(),
        child.kind(),
        child.dryRun(),
        child.started(),
        child.duration(),
        child.counts(),
        child.snapshotIds(),
        details,
        child.error());
  }

  private String where(Path log) {
    return "Ran on Spark at " + master + " in a child process; output in " + log;
  }

  private static Optional<String> lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return Optional.of(lines.get(i).strip());
        }
      }
    } catch (IOException e) {
      // Only a hint in the message.
    }
    return Optional.empty();
  }

  /** Asks the child to stop, waits a little for Spark to shut down, then kills it. */
  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // The child has ended; its input no longer matters.
    }
  }
}
