package dev.firn.bench.ingest;

import dev.firn.bench.catalog.MarkdownReport;
import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.FirnLaunch;
import dev.firn.bench.core.HarnessLogging;
import dev.firn.bench.core.LaunchedServer;
import dev.firn.bench.core.MachineInfo;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.ServerProcess;
import dev.firn.bench.core.SparkModule;
import dev.firn.bench.core.StorageSettings;
import dev.firn.catalog.CatalogConfig;
import dev.firn.s3.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.IcebergBuild;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Measures Firn's writer against Spark's {@code INSERT} (and, on request, a plain Iceberg loader)
 * on the same machine, catalog and inputs: generated NDJSON and Parquet files, each load in a JVM
 * of its own. Prints a Markdown report and writes it to {@code target/ingest-benchmark.md}. It
 * reports; it does not judge.
 */
public final class IngestBenchmark {
  static final String REPORT_FILE = "ingest-benchmark.md";
  static final String RUN_DIRECTORY = "ingest-run";
  static final String BUCKET = "bench";

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    HarnessLogging.useOwnConfiguration();
    if (List.of(args).contains("--help")) {
      System.out.println(IngestSettings.USAGE);
      return;
    }
    IngestSettings settings;
    SparkModule spark;
    Path buildDirectory = BenchFolders.buildDirectory();
    try {
      settings = IngestSettings.parse(args);
      spark = sparkModule(settings, buildDirectory);
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

  /** The Spark engine's build when Spark is among the loaders, else null. */
  static SparkModule sparkModule(IngestSettings settings, Path buildDirectory) {
    if (!settings.loaders().contains(Loader.SPARK)) {
      return null;
    }
    return SparkModule.find(settings.sparkModule(), buildDirectory);
  }

  /**
   * Generates the inputs under {@code run}, runs every load and returns the figures; {@code spark}
   * is needed when Spark is among the loaders.
   */
  public static IngestReport run(
      IngestSettings settings, SparkModule spark, Path run, PrintStream progress)
      throws IOException, InterruptedException {
    Instant started = Instant.now();
    long start = System.nanoTime();
    Path work = BenchFolders.freshDirectory(run.resolve("logs"));
    Path s3Data = BenchFolders.freshDirectory(run.resolve("s3"));
    List<InputSet[]> inputs =
        generate(settings, BenchFolders.freshDirectory(run.resolve("input")), progress);
    ServerJvm serverJvm = ServerJvm.defaults();
    ServerJvm loaderJvm = new ServerJvm(IngestSettings.HEAP_LIMIT);
    List<FormatResult> results =
        measure(settings, spark, inputs, work, s3Data, serverJvm, loaderJvm, progress);
    return new IngestReport(
        started,
        Duration.ofNanos(System.nanoTime() - start),
        MachineInfo.current(),
        settings,
        new MarkdownReport.Versions(
            BenchFolders.versionOf(IngestBenchmark.class), IcebergBuild.version(), ""),
        loaderJvm,
        serverJvm,
        results);
  }

  /** Starts S3 and the catalog, runs every format's loads, and stops every child. */
  private static List<FormatResult> measure(
      IngestSettings settings,
      SparkModule spark,
      List<InputSet[]> inputs,
      Path work,
      Path s3Data,
      ServerJvm serverJvm,
      ServerJvm loaderJvm,
      PrintStream progress)
      throws IOException, InterruptedException {
    List<ServerProcess> servers = new CopyOnWriteArrayList<>();
    List<LoaderLauncher> launchers = new CopyOnWriteArrayList<>();
    Runnable stopChildren =
        () -> {
          launchers.forEach(LoaderLauncher::killRunning);
          servers.forEach(ServerProcess::close);
        };
    // Children must not outlive an interrupted run.
    Thread hook = new Thread(stopChildren);
    Runtime.getRuntime().addShutdownHook(hook);
    try (EmbeddedS3 s3 = EmbeddedS3.builder().bucket(BUCKET).dataDirectory(s3Data).start()) {
      progress.println("Starting Firn's catalog server...");
      LaunchedServer firn = FirnLaunch.start(StorageSettings.of(s3), work, serverJvm);
      servers.add(firn.process());
      LoaderLauncher launcher =
          new LoaderLauncher(
              firn.uri().toString(),
              CatalogConfig.WAREHOUSE_NAME_DEFAULT,
              loaderJvm,
              work,
              settings.loadTimeout(),
              spark);
      launchers.add(launcher);
      try (RESTCatalog tables = new RESTCatalog()) {
        // The loaders' own connection settings: the catalog hands out the rest.
        tables.initialize(
            "ingest-bench-check",
            Map.of(
                CatalogProperties.URI,
                firn.uri().toString(),
                CatalogProperties.WAREHOUSE_LOCATION,
                CatalogConfig.WAREHOUSE_NAME_DEFAULT));
        IngestRuns runs =
            new IngestRuns(launcher, settings.loaders(), tables, s3Data, firn.process(), progress);
        List<FormatResult> results = new ArrayList<>();
        for (InputSet[] pair : inputs) {
          results.add(runs.run(pair[0], pair[1], settings.repetitions()));
        }
        return results;
      }
    } finally {
      stopChildren.run();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  /** Per format, a warm-up slice (null without warm-up) and the measured input. */
  private static List<InputSet[]> generate(
      IngestSettings settings, Path input, PrintStream progress) throws IOException {
    InputGenerator generator = new InputGenerator(progress);
    List<InputSet[]> inputs = new ArrayList<>();
    for (InputFormat format : InputFormat.values()) {
      String name = format.name().toLowerCase(java.util.Locale.ROOT);
      long seed = IngestSettings.SEED + format.ordinal();
      InputSet warmUp =
          !settings.warmUp()
              ? null
              : generator.generate(
                  format,
                  input.resolve(name + "-warm-up"),
                  (long) IngestSettings.WARM_UP_MEGABYTES << 20,
                  seed + 100);
      InputSet measured =
          generator.generate(format, input.resolve(name), settings.sizeBytes(), seed);
      inputs.add(new InputSet[] {warmUp, measured});
    }
    return inputs;
  }
}
