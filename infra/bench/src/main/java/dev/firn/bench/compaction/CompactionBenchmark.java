package dev.firn.bench.compaction;

import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FirnLaunch;
import dev.firn.bench.core.HarnessLogging;
import dev.firn.bench.core.LaunchedServer;
import dev.firn.bench.core.MachineInfo;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.ServerProcess;
import dev.firn.bench.core.SparkModule;
import dev.firn.bench.core.StorageSettings;
import dev.firn.bench.ingest.IngestRuns;
import dev.firn.catalog.CatalogConfig;
import dev.firn.s3.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.IcebergBuild;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Measures Firn's JVM compaction against the Spark engine on the same machine, catalog and table: a
 * generated table of small files, one identical copy per engine, each compaction in a JVM of its
 * own. Prints a Markdown report and writes it to {@code target/compaction-benchmark.md}. It
 * reports; it does not judge.
 */
public final class CompactionBenchmark {
  static final String REPORT_FILE = "compaction-benchmark.md";
  static final String RUN_DIRECTORY = "compaction-run";
  public static final String BUCKET = "bench";

  private CompactionBenchmark() {}

  public static void main(String[] args) throws Exception {
    HarnessLogging.useOwnConfiguration();
    if (List.of(args).contains("--help")) {
      System.out.println(CompactionSettings.USAGE);
      return;
    }
    CompactionSettings settings;
    SparkModule spark;
    Path buildDirectory = BenchFolders.buildDirectory();
    try {
      settings = CompactionSettings.parse(args);
      spark = SparkModule.find(settings.sparkModule(), buildDirectory);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path run = buildDirectory.resolve(RUN_DIRECTORY);
    String report = run(settings, spark, run, System.err).render();
    Path reportFile = buildDirectory.resolve(REPORT_FILE);
    Files.writeString(reportFile, report, StandardCharsets.UTF_8);
    System.out.println(report);
    System.err.println("Report written to " + reportFile + "; logs in " + run.resolve("logs"));
  }

  /** Generates the two tables under {@code run}, runs every compaction and returns the figures. */
  public static CompactionReport run(
      CompactionSettings settings, SparkModule spark, Path run, PrintStream progress)
      throws IOException, InterruptedException {
    Instant started = Instant.now();
    long start = System.nanoTime();
    String loadAtStart = MachineInfo.loadAverage();
    Path work = BenchFolders.freshDirectory(run.resolve("logs"));
    Path s3Data = BenchFolders.freshDirectory(run.resolve("s3"));
    ServerJvm childJvm = new ServerJvm(CompactionSettings.HEAP_LIMIT);
    AtomicReference<GeneratedTable> table = new AtomicReference<>();
    Map<Engine, List<CompactionMeasurement>> measured =
        measure(settings, spark, work, s3Data, childJvm, table, progress);
    return new CompactionReport(
        started,
        Duration.ofNanos(System.nanoTime() - start),
        MachineInfo.current(),
        settings,
        new CompactionReport.Versions(
            BenchFolders.versionOf(CompactionBenchmark.class),
            IcebergBuild.version(),
            spark.sparkVersion(),
            spark.icebergVersion()),
        childJvm,
        table.get(),
        measured,
        List.of(loadAtStart, MachineInfo.loadAverage()));
  }

  /** Starts S3 and the catalog, generates the tables, runs the compactions, stops every child. */
  private static Map<Engine, List<CompactionMeasurement>> measure(
      CompactionSettings settings,
      SparkModule spark,
      Path work,
      Path s3Data,
      ServerJvm childJvm,
      AtomicReference<GeneratedTable> generated,
      PrintStream progress)
      throws IOException, InterruptedException {
    AtomicReference<ServerProcess> server = new AtomicReference<>();
    AtomicReference<CompactionLauncher> launcher = new AtomicReference<>();
    Runnable stopChildren =
        () -> {
          if (launcher.get() != null) {
            launcher.get().killRunning();
          }
          if (server.get() != null) {
            server.get().close();
          }
        };
    // Children must not outlive an interrupted run.
    Thread hook = new Thread(stopChildren);
    Runtime.getRuntime().addShutdownHook(hook);
    try (EmbeddedS3 s3 = EmbeddedS3.builder().bucket(BUCKET).dataDirectory(s3Data).start()) {
      progress.println("Starting Firn's catalog server...");
      LaunchedServer firn = FirnLaunch.start(StorageSettings.of(s3), work, ServerJvm.defaults());
      server.set(firn.process());
      String uri = firn.uri().toString();
      String warehouse = CatalogConfig.WAREHOUSE_NAME_DEFAULT;
      try (RESTCatalog catalog = new RESTCatalog()) {
        catalog.initialize("compaction-bench", Map.of("uri", uri, "warehouse", warehouse));
        Map<Engine, GeneratedTable> tables = generate(catalog, settings, progress);
        generated.set(tables.get(Engine.FIRN));
        launcher.set(new CompactionLauncher(uri, warehouse, settings, spark, childJvm, work));
        return new CompactionRuns(catalog, launcher.get(), progress)
            .run(tables, settings.warmUp(), settings.repetitions());
      }
    } finally {
      stopChildren.run();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private static Map<Engine, GeneratedTable> generate(
      RESTCatalog catalog, CompactionSettings settings, PrintStream progress) throws IOException {
    progress.printf(
        "Generating two identical tables of %d files, about %d MB each...%n",
        settings.files(), settings.sizeMegabytes());
    List<TableIdentifier> ids =
        List.of(
            TableIdentifier.of(IngestRuns.ZONE, "compaction_firn"),
            TableIdentifier.of(IngestRuns.ZONE, "compaction_spark"));
    List<GeneratedTable> tables =
        new SmallFileTables(catalog, progress)
            .create(ids, settings.files(), settings.sizeBytes(), CompactionSettings.SEED);
    Map<Engine, GeneratedTable> byEngine = new EnumMap<>(Engine.class);
    byEngine.put(Engine.FIRN, tables.get(0));
    // Both Firn variants compact the same table: each run starts from the generated snapshot.
    byEngine.put(Engine.FIRN_ROWS, tables.get(0));
    byEngine.put(Engine.SPARK, tables.get(1));
    return byEngine;
  }
}
