package dev.firn.bench.expiry;

import dev.firn.bench.catalog.MarkdownReport;
import dev.firn.bench.compaction.CompactionBenchmark;
import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.FirnLaunch;
import dev.firn.bench.core.HarnessLogging;
import dev.firn.bench.core.LaunchedServer;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.ServerProcess;
import dev.firn.bench.core.SparkModule;
import dev.firn.bench.core.StorageSettings;
import dev.firn.catalog.CatalogConfig;
import dev.firn.s3.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Measures Firn's snapshot expiry and orphan listing against Iceberg's Spark actions ({@code
 * expireSnapshots}, {@code deleteOrphanFiles}) on one machine, catalog and table: a generated table
 * with a long snapshot history and planted orphans, each job in a fresh JVM per engine and
 * repetition. Prints each run as it goes; the suite turns the report into its scenario 5.
 */
public final class ExpiryBenchmark {
  static final String RUN_DIRECTORY = "expiry-run";

  private ExpiryBenchmark() {}

  public static void main(String[] args) throws Exception {
    HarnessLogging.useOwnConfiguration();
    if (List.of(args).contains("--help")) {
      System.out.println(ExpirySettings.USAGE);
      return;
    }
    ExpirySettings settings;
    SparkModule spark;
    Path buildDirectory = BenchFolders.buildDirectory();
    try {
      settings = ExpirySettings.parse(args);
      spark = SparkModule.find(settings.sparkModule(), buildDirectory);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    ExpiryReport report = run(settings, spark, buildDirectory.resolve(RUN_DIRECTORY), System.err);
    for (MaintenanceJob job : MaintenanceJob.values()) {
      ScenarioResult result = report.result(job);
      System.out.println(result.title());
      result
          .rows()
          .forEach(
              row ->
                  System.out.printf(
                      "  %-32s Firn %10s  Spark %10s  ratio %s%n",
                      row.figure(),
                      MarkdownReport.number(row.firn().median()),
                      MarkdownReport.number(row.reference().median()),
                      MarkdownReport.number(row.ratio())));
      result.notes().forEach(note -> System.out.println("  " + note));
    }
    report.warnings().forEach(warning -> System.out.println("WARNING: " + warning));
  }

  /** Generates the table under {@code run}, runs every job and returns the figures. */
  public static ExpiryReport run(
      ExpirySettings settings, SparkModule spark, Path run, PrintStream progress)
      throws IOException, InterruptedException {
    Path work = BenchFolders.freshDirectory(run.resolve("logs"));
    Path s3Data = BenchFolders.freshDirectory(run.resolve("s3"));
    ServerJvm childJvm = new ServerJvm(ExpirySettings.HEAP_LIMIT);
    AtomicReference<ServerProcess> server = new AtomicReference<>();
    AtomicReference<MaintenanceLauncher> launcher = new AtomicReference<>();
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
    try (EmbeddedS3 s3 =
        EmbeddedS3.builder().bucket(CompactionBenchmark.BUCKET).dataDirectory(s3Data).start()) {
      progress.println("Starting Firn's catalog server...");
      LaunchedServer firn = FirnLaunch.start(StorageSettings.of(s3), work, ServerJvm.defaults());
      server.set(firn.process());
      String uri = firn.uri().toString();
      String warehouse = CatalogConfig.WAREHOUSE_NAME_DEFAULT;
      try (RESTCatalog catalog = new RESTCatalog()) {
        catalog.initialize("expiry-bench", Map.of("uri", uri, "warehouse", warehouse));
        S3FolderIO io = new S3FolderIO(s3Data);
        HistoryTable table = new HistoryTableWriter(catalog, io, progress).write(settings);
        launcher.set(new MaintenanceLauncher(uri, warehouse, spark, childJvm, work));
        ExpiryRuns runs =
            new ExpiryRuns(table, new ExpiryCopies(catalog, io), launcher.get(), progress);
        var measured = runs.run(settings.warmUp(), settings.repetitions());
        List<String> warnings = new ArrayList<>(runs.warnings());
        return new ExpiryReport(settings, childJvm, table, measured, warnings);
      }
    } finally {
      stopChildren.run();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }
}
