package dev.firn.bench.compaction;

import dev.firn.bench.core.BenchFolders;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.ServerJvm;
import java.io.IOException;
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
public record CompactionBenchmark(CompactionSettings settings, HarnessRun run) implements Harness {
  /**
   * Generates the two tables in the run's folder, runs every compaction and returns the figures.
   */
  @Override
  public CompactionReport report() throws IOException, InterruptedException {
    return run.onStack(
        "compaction-bench", new ServerJvm(CompactionSettings.HEAP_LIMIT), this::measure);
  }

  private CompactionReport measure(FirnStack stack) throws IOException, InterruptedException {
    Map<Engine, GeneratedTable> tables = generate(stack.catalog());
    Map<Engine, List<CompactionMeasurement>> measured =
        new CompactionRuns(stack.catalog(), new CompactionLauncher(stack, settings), run.progress())
            .run(tables, settings.warmUp(), settings.repetitions());
    return new CompactionReport(
        run.stamp(),
        settings,
        new CompactionReport.Versions(
            BenchFolders.versionOf(CompactionBenchmark.class),
            IcebergBuild.version(),
            run.spark().sparkVersion(),
            run.spark().icebergVersion()),
        stack.children().jvm(),
        tables.get(Engine.FIRN),
        measured,
        run.loads());
  }

  private Map<Engine, GeneratedTable> generate(RESTCatalog catalog) throws IOException {
    run.progress()
        .printf(
            "Generating two identical tables of %d files, about %d MB each...%n",
            settings.files(), settings.sizeMegabytes());
    List<TableIdentifier> ids =
        List.of(
            TableIdentifier.of(FirnStack.ZONE, "compaction_firn"),
            TableIdentifier.of(FirnStack.ZONE, "compaction_spark"));
    List<GeneratedTable> tables =
        new SmallFileTables(catalog, run.progress())
            .create(ids, settings.files(), settings.sizeBytes(), CompactionSettings.SEED);
    Map<Engine, GeneratedTable> byEngine = new EnumMap<>(Engine.class);
    byEngine.put(Engine.FIRN, tables.get(0));
    // Both Firn variants compact the same table: each run starts from the generated snapshot.
    byEngine.put(Engine.FIRN_ROWS, tables.get(0));
    byEngine.put(Engine.SPARK, tables.get(1));
    return byEngine;
  }

  public static void main(String[] args) throws Exception {
    Harness.main(args, "compaction", CompactionSettings::parse, CompactionBenchmark::new);
  }
}
