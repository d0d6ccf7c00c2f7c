package dev.firn.bench.compaction;

import dev.firn.bench.core.CatalogClients;
import dev.firn.bench.core.ProcessOutcome;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.compaction.Compaction;
import java.time.Clock;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * One compaction with Firn's JVM engine, in a process of its own so that its memory and start-up
 * are its own: connects to the catalog over REST, compacts the table and prints one {@link
 * CompactionLine}. Exits 0 when the compaction succeeded, 1 when it failed.
 *
 * <p>Arguments: {@code <catalog uri> <warehouse> <table> <target file size> <min input files>
 * <parallelism> <copy row groups: true or false>}.
 */
public final class FirnCompactionRun {
  private FirnCompactionRun() {}

  public static void main(String[] args) {
    if (args.length != 7) {
      System.err.println(
          "Usage: FirnCompactionRun <uri> <warehouse> <table> <target-file-size>"
              + " <min-input-files> <parallelism> <copy-row-groups>");
      System.exit(2);
      return;
    }
    long starting = System.nanoTime();
    CompactionLine line;
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize(
          "compaction-bench",
          CatalogClients.properties(
              args[0], args[1], System.getenv(CatalogClients.CREDENTIAL_VARIABLE)));
      Table table = catalog.loadTable(TableIdentifier.parse(args[2]));
      long startup = (System.nanoTime() - starting) / 1_000_000;
      JobResult result =
          new Compaction(table, Clock.systemUTC(), new RunningCompactions())
              .targetFileSize(Long.parseLong(args[3]))
              .minInputFiles(Integer.parseInt(args[4]))
              .parallelism(Integer.parseInt(args[5]))
              .copyRowGroups(Boolean.parseBoolean(args[6]))
              .commit();
      line =
          new CompactionLine(
              result.count(Measure.FILES_REWRITTEN),
              result.count(Measure.BYTES_REWRITTEN),
              result.count(Measure.FILES_ADDED),
              result.count(Measure.BYTES_ADDED),
              new ProcessOutcome(
                  result.succeeded(), result.duration().toMillis(), startup, result.error()));
    } catch (Exception e) {
      line = new CompactionLine(0, 0, 0, 0, ProcessOutcome.failed(e.toString()));
    }
    System.out.println(line.render(args[2]));
    System.out.flush();
    System.exit(line.outcome().succeeded() ? 0 : 1);
  }
}
