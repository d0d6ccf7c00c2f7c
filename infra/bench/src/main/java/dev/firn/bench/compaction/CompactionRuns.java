package dev.firn.bench.compaction;

import dev.firn.bench.core.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The measured compactions: per repetition each engine compacts its own copy of the table, the
 * engines' order alternating from one repetition to the next so that drift on the machine reaches
 * both alike. Before each run the table is rolled back to its generated snapshot (nothing is
 * expired, so its files are still there); after it, the harness checks what the run did.
 */
record CompactionRuns(Catalog catalog, CompactionLauncher launcher, PrintStream progress) {

  /**
   * Each engine's measured runs. With {@code warmUp}, each engine first compacts once as repetition
   * 0, which is left out: the catalog, the page cache and the disk warm up for both alike. Firn's
   * rows-rewritten variant compacts the same table in the same kind of fresh JVM as Firn's default,
   * so the default's warm-up is the variant's too.
   */
  Map<Engine, List<CompactionMeasurement>> run(
      Map<Engine, GeneratedTable> tables, boolean warmUp, int repetitions)
      throws IOException, InterruptedException {
    Map<Engine, List<CompactionMeasurement>> measured = new EnumMap<>(Engine.class);
    for (Engine engine : Engine.values()) {
      measured.put(engine, new ArrayList<>());
    }
    for (int repetition = warmUp ? 0 : 1; repetition <= repetitions; repetition++) {
      for (Engine engine : order(repetition)) {
        if (repetition == 0 && engine == Engine.FIRN_ROWS) {
          // Same table, server and engine code as Firn's default run, whose warm-up serves both.
          continue;
        }
        progress.printf(
            "Compacting with %s, %s...%n",
            engine.label(),
            repetition == 0 ? "warm-up" : "repetition " + repetition + " of " + repetitions);
        CompactionMeasurement result = compact(engine, tables.get(engine), repetition);
        progress.println("  " + result.describe());
        if (repetition > 0) {
          measured.get(engine).add(result);
        }
      }
    }
    return measured;
  }

  /** The engines in the order they run in a repetition: each goes first in turn. */
  static List<Engine> order(int repetition) {
    List<Engine> order = new ArrayList<>(List.of(Engine.values()));
    java.util.Collections.rotate(order, -(repetition % order.size()));
    return order;
  }

  private CompactionMeasurement compact(Engine engine, GeneratedTable generated, int repetition)
      throws IOException, InterruptedException {
    Table table = catalog.loadTable(generated.id());
    if (table.currentSnapshot().snapshotId() != generated.snapshotId()) {
      table.manageSnapshots().rollbackTo(generated.snapshotId()).commit();
    }
    CompactionMeasurement result = launcher.run(engine, generated.id().toString(), repetition);
    if (!result.succeeded()) {
      return result;
    }
    String problem = check(result.line(), generated);
    return problem == null ? result : result.failed(problem);
  }

  /** What is wrong with a run that says it succeeded, or null. */
  private String check(CompactionLine line, GeneratedTable generated) throws IOException {
    if (line.filesRewritten() != generated.files()) {
      return "rewrote "
          + line.filesRewritten()
          + " files, not the "
          + generated.files()
          + " generated";
    }
    Table table = catalog.loadTable(generated.id());
    long rows = 0;
    long files = 0;
    // A quick count from the data files' metadata: the table has no delete files.
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        rows += task.file().recordCount();
        files++;
      }
    }
    if (rows != generated.rows()) {
      return "the table holds " + rows + " rows afterwards, not " + generated.rows();
    }
    if (files != line.filesAdded()) {
      return "the table holds "
          + files
          + " data files afterwards, but "
          + line.filesAdded()
          + " were added";
    }
    return null;
  }
}
