package dev.firn.bench.expiry;

import dev.firn.bench.core.FirnStack;
import dev.firn.bench.core.Harness;
import dev.firn.bench.core.HarnessRun;
import dev.firn.bench.core.ServerJvm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures Firn's snapshot expiry and orphan listing against Iceberg's Spark actions ({@code
 * expireSnapshots}, {@code deleteOrphanFiles}) on one machine, catalog and table: a generated table
 * with a long snapshot history and planted orphans, each job in a fresh JVM per engine and
 * repetition. Prints each job's figures; the suite turns the report into its scenario 5.
 */
public record ExpiryBenchmark(ExpirySettings settings, HarnessRun run) implements Harness {
  /** Generates the table in the run's folder, runs every job and returns the figures. */
  @Override
  public ExpiryReport report() throws IOException, InterruptedException {
    return run.onStack("expiry-bench", new ServerJvm(ExpirySettings.HEAP_LIMIT), this::measure);
  }

  private ExpiryReport measure(FirnStack stack) throws IOException, InterruptedException {
    S3FolderIO io = new S3FolderIO(stack.s3Data());
    HistoryTable table =
        new HistoryTableWriter(stack.catalog(), io, run.progress()).write(settings);
    ExpiryRuns runs =
        new ExpiryRuns(
            table,
            new ExpiryCopies(stack.catalog(), io),
            new MaintenanceLauncher(stack),
            run.progress(),
            new ArrayList<>());
    var measured = runs.run(settings.warmUp(), settings.repetitions());
    return new ExpiryReport(
        settings, stack.children().jvm(), table, measured, List.copyOf(runs.warnings()));
  }

  public static void main(String[] args) throws Exception {
    Harness.main(args, "expiry", ExpirySettings::parse, ExpiryBenchmark::new);
  }
}
