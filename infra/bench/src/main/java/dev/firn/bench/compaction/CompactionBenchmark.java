package dev.firn.bench.compaction;

import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.HarnessMain;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.ServerJvm;
import dev.firn.bench.core.SparkModule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
  private CompactionBenchmark() {}

  public static void main(String[] args) throws Exception {
    HarnessMain.withSpark(
        args,
        "compaction",
        new CompactionSettings.Options(),
        CompactionSettings::parse,
        (settings, spark, run) -> run(settings, spark, run, System.err).render());
  }

  /** Generates the two tables under {@code run}, runs every compaction and returns the figures. */
  public static CompactionReport run(
      CompactionSettings settings, SparkModule spark, Path run, PrintStream progress)
      throws IOException, InterruptedException {
    HarnessRun harness = HarnessRun.start(run, spark, progress);
    ServerJvm childJvm = new ServerJvm(CompactionSettings.HEAP_LIMIT);
    return harness.onStack(
        "compaction-bench",
        childJvm,
        stack -> {
          Map<Engine, GeneratedTable> tables = generate(stack.catalog(), settings, progress);
          Map<Engine, List<CompactionMeasurement>> measured =
              new CompactionRuns(stack.catalog(), new CompactionLauncher(stack, settings), progress)
                  .run(tables, settings.warmUp(), settings.repetitions());
          return new CompactionReport(
              harness.stamp(),
              settings,
              new CompactionReport.Versions(
                  BenchFolders.versionOf(CompactionBenchmark.class),
                  IcebergBuild.version(),
                  spark.sparkVersion(),
                  spark.icebergVersion()),
              childJvm,
              tables.get(Engine.FIRN),
              measured,
              harness.loads());
        });
  }

  private static Map<Engine, GeneratedTable> generate(
      RESTCatalog catalog, CompactionSettings settings, PrintStream progress) throws IOException {
    progress.printf(
        "Generating two identical tables of %d files, about %d MB each...%n",
        settings.files(), settings.sizeMegabytes());
    List<TableIdentifier> ids =
        List.of(
            TableIdentifier.of(FirnStack.ZONE, "compaction_firn"),
            TableIdentifier.of(FirnStack.ZONE, "compaction_spark"));
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
