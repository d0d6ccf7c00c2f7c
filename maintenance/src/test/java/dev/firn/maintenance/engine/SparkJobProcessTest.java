package dev.firn.maintenance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVM of a Spark job, played by {@link FakeSparkJob} on this module's test classes. */
class SparkJobProcessTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T07:00:00Z"), ZoneOffset.UTC);
  private static final URI CATALOG = URI.create("http://127.0.0.1:8181");
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir Path dir;
  private Path classpath;
  private Path logs;

  @BeforeEach
  void classpathOfTheFake() throws Exception {
    Path testClasses =
        Path.of(FakeSparkJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    classpath = Files.writeString(dir.resolve("classpath.txt"), testClasses + "\n");
    logs = dir.resolve("logs/spark");
  }

  private SparkJobProcess process(Map<String, String> conf, Path java) {
    return new SparkJobProcess(
        "local[1]",
        classpath,
        conf,
        CATALOG,
        "firn",
        () -> null,
        logs,
        CLOCK,
        java,
        FakeSparkJob.class.getName());
  }

  @Test
  void readsTheChildsResultAndSaysWhereItRanAndWhereItsOutputIs() throws Exception {
    JobResult result =
        process(Map.of("spark.ui.enabled", "false"), JAVA)
            .run(TableIdentifier.of("raw", "succeeds"), JobKind.COMPACTION, false);

    assertThat(result.succeeded()).as(result.summary()).isTrue();
    assertThat(result.table()).isEqualTo("raw.succeeds");
    assertThat(result.kind()).isEqualTo(JobKind.COMPACTION);
    assertThat(result.duration()).isEqualTo(Duration.ofMillis(5120));
    assertThat(result.counts())
        .containsExactly(
            Map.entry(Measure.FILES_REWRITTEN, 40L), Map.entry(Measure.FILES_ADDED, 4L));
    assertThat(result.snapshotIds()).containsExactly(42L);
    Path log = logs.resolve("raw.succeeds.compaction.log");
    assertThat(result.details())
        .containsExactly(
            "Ran on Spark at local[1] in a child process (Spark started in 8210 ms); output in "
                + log,
            "Packed group 0: 40 files, 4000 bytes -> 4 files");
    assertThat(Files.readString(log))
        .contains("WARN NativeCodeLoader", "WARN Shutdown")
        .contains(
            "Arguments: --catalog-uri http://127.0.0.1:8181 --warehouse firn --table raw.succeeds"
                + " --job compaction --master local[1] --conf spark.ui.enabled=false"
                + " --exit-when-stdin-closes");
  }

  @Test
  void aChildWithoutAResultLineIsAFailureWithItsStatusAndLastLine() {
    JobResult result =
        process(Map.of(), JAVA)
            .run(TableIdentifier.of("raw", "prints_no_result"), JobKind.ORPHANS, true);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.dryRun()).isTrue();
    assertThat(result.error())
        .isEqualTo(
            "IllegalStateException: The Spark job exited with status 1 and no result line; its"
                + " last line: Error: Spark did not start");
    assertThat(result.details())
        .containsExactly(
            "Ran on Spark at local[1] in a child process; output in "
                + logs.resolve("raw.prints_no_result.orphans.log"));
  }

  @Test
  void aChildThatCannotStartIsAFailedResult() {
    JobResult result =
        process(Map.of(), dir.resolve("no-such-jdk/bin/java"))
            .run(TableIdentifier.of("raw", "succeeds"), JobKind.EXPIRY, false);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).startsWith("IllegalStateException: Cannot start the Spark job: ");
  }

  @Test
  void aMissingClasspathFileIsAFailedResultNamingIt() throws Exception {
    Files.delete(classpath);

    JobResult result =
        process(Map.of(), JAVA)
            .run(TableIdentifier.of("raw", "succeeds"), JobKind.MANIFESTS, false);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error())
        .startsWith("IllegalStateException: Cannot read the Spark classpath file " + classpath);
  }

  @Test
  void interruptingTheJobsThreadStopsTheChild() throws Exception {
    AtomicReference<JobResult> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread job =
        new Thread(
            () -> {
              result.set(
                  process(Map.of(), JAVA)
                      .run(TableIdentifier.of("raw", "waits"), JobKind.COMPACTION, false));
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    job.start();
    long pid = awaitChild(logs.resolve("raw.waits.compaction.log"));

    job.interrupt();
    job.join();

    assertThat(result.get().succeeded()).isFalse();
    assertThat(result.get().error()).startsWith("InterruptedException: Stopped with firn serve");
    assertThat(stillInterrupted).isTrue();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void theCommandRunsTheEngineOnItsClasspathWithSparksJavaOptions() throws Exception {
    Path jar = Files.writeString(dir.resolve(SparkJobProcess.ENGINE_JAR), "");
    Files.writeString(
        classpath, "/jars/spark-core.jar" + File.pathSeparator + "/jars/iceberg.jar\n");

    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.driver.memory", "2g");
    conf.put("spark.driver.extraJavaOptions", " -XX:+UseG1GC  -Dlog4j2.level=WARN");

    List<String> command =
        process(conf, JAVA).command(TableIdentifier.of("raw", "events"), JobKind.EXPIRY, true);

    assertThat(command.get(0)).isEqualTo(JAVA.toString());
    assertThat(command).containsAll(SparkJobProcess.JAVA_OPTIONS);
    assertThat(command.subList(SparkJobProcess.JAVA_OPTIONS.size() + 1, command.indexOf("-cp")))
        .containsExactly("-Xmx2g", "-XX:+UseG1GC", "-Dlog4j2.level=WARN");
    int cp = command.indexOf("-cp");
    assertThat(command.get(cp + 1))
        .isEqualTo(
            String.join(
                File.pathSeparator, "/jars/spark-core.jar", "/jars/iceberg.jar", jar.toString()));
    assertThat(command.get(cp + 2)).isEqualTo(FakeSparkJob.class.getName());
    assertThat(command.subList(cp + 3, command.size()))
        .containsExactly(
            "--catalog-uri",
            "http://127.0.0.1:8181",
            "--warehouse",
            "firn",
            "--table",
            "raw.events",
            "--job",
            "expiry",
            "--master",
            "local[1]",
            "--conf",
            "spark.driver.memory=2g",
            "--conf",
            "spark.driver.extraJavaOptions= -XX:+UseG1GC  -Dlog4j2.level=WARN",
            "--dry-run",
            "--exit-when-stdin-closes");
  }

  @Test
  void theDefaultMainClassIsTheEnginesJobRun() {
    assertThat(SparkJobProcess.MAIN_CLASS).isEqualTo("dev.firn.maintenance.spark.SparkJobRun");
  }

  /** The child's process id, once it says it waits; the bound only avoids a hang. */
  private static long awaitChild(Path log) throws Exception {
    Pattern waiting = Pattern.compile("Waiting as process (\\d+)");
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(giveUp)) {
      if (Files.exists(log)) {
        Matcher m = waiting.matcher(Files.readString(log));
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("The child never said it waits: " + log);
  }
}
