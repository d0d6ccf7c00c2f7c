package dev.firn.bench.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.DeleteOrphanFilesSparkAction;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs Iceberg's Spark {@code expireSnapshots} or {@code deleteOrphanFiles} on tables with a
 * deleter that deletes nothing, one job after the other in one SparkSession, and prints one flat
 * line of JSON per job: how many snapshots and files the action found and how long it took. The
 * expiry benchmark compares Firn's own jobs with it; both work from the same cutoff instant. Expiry
 * still commits the removal of the snapshots: the Spark action has no dry run.
 *
 * <p>{@code --table}, {@code --job} and {@code --older-than} (epoch milliseconds) take one item per
 * job, comma-separated. Exit status 0 when every action succeeded, 1 when one failed (its line says
 * why), 2 for bad arguments.
 */
@Command(name = "SparkMaintenanceRun", mixinStandardHelpOptions = true)
public final class SparkMaintenanceRun implements Callable<Integer> {
  /** What a job does. */
  enum Job {
    EXPIRY,
    ORPHANS
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin EngineOptions engine = new EngineOptions();

  @Option(names = "--table", required = true, split = ",")
  List<String> tables = new ArrayList<>();

  @Option(names = "--job", required = true, split = ",", description = "expiry or orphans")
  List<Job> jobs = new ArrayList<>();

  @Option(names = "--older-than", required = true, split = ",", description = "epoch millis")
  List<Long> cutoffs = new ArrayList<>();

  @Option(names = "--retain-last", defaultValue = "1")
  int retainLast;

  public static void main(String[] args) {
    System.exit(command().execute(args));
  }

  static CommandLine command() {
    return new CommandLine(new SparkMaintenanceRun()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() {
    check();
    List<Map<String, Object>> lines = new ArrayList<>();
    boolean succeeded = true;
    long starting = System.nanoTime();
    try (StartedEngine started = StartedEngine.start(engine.config())) {
      SparkSession spark = started.engine().spark();
      for (int i = 0; i < jobs.size(); i++) {
        Map<String, Object> line = line(i);
        try {
          Table table =
              Spark3Util.loadIcebergCatalog(spark, engine.config().catalogName())
                  .loadTable(TableIdentifier.parse(tables.get(i)));
          line.put("startup_ms", ResultLines.millisSince(starting));
          run(spark, table, jobs.get(i), cutoffs.get(i), line);
          line.put("error", null);
        } catch (RuntimeException e) {
          line.put("startup_ms", ResultLines.millisSince(starting));
          failed(line, e);
          succeeded = false;
        }
        lines.add(line);
        starting = System.nanoTime();
      }
    } catch (RuntimeException e) {
      // Spark did not start: every job not run yet fails with the reason.
      for (int i = lines.size(); i < jobs.size(); i++) {
        Map<String, Object> line = line(i);
        line.put("startup_ms", ResultLines.millisSince(starting));
        failed(line, e);
        lines.add(line);
      }
      succeeded = false;
    }
    ResultLines.printAndExit(lines, succeeded);
    return succeeded ? 0 : 1;
  }

  private void check() {
    if (tables.size() != jobs.size() || cutoffs.size() != jobs.size()) {
      throw new ParameterException(
          spec.commandLine(), "--table, --job and --older-than need one item per job");
    }
    if (retainLast < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --retain-last: " + retainLast + " (must be >= 1)");
    }
  }

  /** The start of job {@code index}'s line; its fields are those Firn's benchmark run prints. */
  private Map<String, Object> line(int index) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("engine", "spark");
    line.put("job", jobs.get(index).name().toLowerCase(java.util.Locale.ROOT));
    line.put("table", tables.get(index));
    line.put("succeeded", false);
    line.put("snapshots_expired", 0L);
    line.put("files_found", 0L);
    line.put("files_listed", -1L);
    line.put("duration_ms", 0L);
    return line;
  }

  private static void failed(Map<String, Object> line, RuntimeException e) {
    line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private void run(
      SparkSession spark, Table table, Job job, long cutoff, Map<String, Object> line) {
    long start = System.nanoTime();
    if (job == Job.EXPIRY) {
      Set<Long> before = snapshotIds(table);
      ExpireSnapshots.Result result =
          SparkActions.get(spark)
              .expireSnapshots(table)
              .expireOlderThan(cutoff)
              .retainLast(retainLast)
              .deleteWith(path -> {})
              .execute();
      line.put("duration_ms", ResultLines.millisSince(start));
      table.refresh();
      before.removeAll(snapshotIds(table));
      line.put("snapshots_expired", (long) before.size());
      line.put(
          "files_found",
          result.deletedDataFilesCount()
              + result.deletedPositionDeleteFilesCount()
              + result.deletedEqualityDeleteFilesCount()
              + result.deletedManifestsCount()
              + result.deletedManifestListsCount()
              + result.deletedStatisticsFilesCount());
    } else {
      DeleteOrphanFilesSparkAction action =
          SparkActions.get(spark).deleteOrphanFiles(table).olderThan(cutoff).deleteWith(path -> {});
      // As the Spark engine's orphan sweep: object stores list by prefix through the table's
      // FileIO.
      if (table.io() instanceof SupportsPrefixOperations) {
        action.usePrefixListing(true);
      }
      long found = 0;
      for (String ignored : action.execute().orphanFileLocations()) {
        found++;
      }
      line.put("duration_ms", ResultLines.millisSince(start));
      line.put("files_found", found);
    }
    line.put("succeeded", true);
  }

  private static Set<Long> snapshotIds(Table table) {
    Set<Long> ids = new HashSet<>();
    table.snapshots().forEach(snapshot -> ids.add(snapshot.snapshotId()));
    return ids;
  }
}
