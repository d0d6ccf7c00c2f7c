package dev.firn.bench.expiry;

import dev.firn.bench.core.HarnessMain;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.Markdown;
import dev.firn.bench.core.ScenarioResult;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.SparkModule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

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
    HarnessMain.main(
        args,
        new ExpirySettings.Options(),
        ExpirySettings::parse,
        (settings, build) -> {
          SparkModule spark =
              HarnessMain.orExit(() -> SparkModule.find(settings.sparkModule(), build));
          print(run(settings, spark, build.resolve(RUN_DIRECTORY), System.err));
        });
  }

  private static void print(ExpiryReport report) {
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
                      Markdown.number(row.firn().median()),
                      Markdown.number(row.reference().median()),
                      Markdown.number(row.ratio())));
      result.notes().forEach(note -> System.out.println("  " + note));
    }
    report.warnings().forEach(warning -> System.out.println("WARNING: " + warning));
  }

  /** Generates the table under {@code run}, runs every job and returns the figures. */
  public static ExpiryReport run(
      ExpirySettings settings, SparkModule spark, Path run, PrintStream progress)
      throws IOException, InterruptedException {
    ServerJvm childJvm = new ServerJvm(ExpirySettings.HEAP_LIMIT);
    return HarnessRun.start(run, spark, progress)
        .onStack(
            "expiry-bench",
            childJvm,
            stack -> {
              S3FolderIO io = new S3FolderIO(stack.s3Data());
              HistoryTable table =
                  new HistoryTableWriter(stack.catalog(), io, progress).write(settings);
              ExpiryRuns runs =
                  new ExpiryRuns(
                      table,
                      new ExpiryCopies(stack.catalog(), io),
                      new MaintenanceLauncher(stack),
                      progress);
              var measured = runs.run(settings.warmUp(), settings.repetitions());
              return new ExpiryReport(
                  settings, childJvm, table, measured, List.copyOf(runs.warnings()));
            });
  }
}
