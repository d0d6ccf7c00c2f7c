package dev.firn.maintenance.spark;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.DeleteOrphanFilesSparkAction;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Runs Iceberg's Spark {@code expireSnapshots} or {@code deleteOrphanFiles} on one table with a
 * deleter that deletes nothing, and prints one flat line of JSON: how many snapshots and files the
 * action found and how long it took. Benchmarks compare it with Firn's own jobs; unlike {@link
 * SparkJobRun} it takes the cutoff as an instant instead of a policy, so that both sides work from
 * the same one. Expiry still commits the removal of the snapshots: the Spark action has no dry run.
 *
 * <p>Options: {@code --catalog-uri}, {@code --table}, {@code --job} ({@code expiry} or {@code
 * orphans}) and {@code --older-than} (epoch milliseconds) are required; {@code --retain-last}
 * (expiry, default 1), {@code --warehouse}, {@code --master} and {@code --conf} as for {@link
 * SparkCompactionRun}. Exit status 0 when the action succeeded, 1 when it failed (the line says
 * why), 2 for bad arguments.
 */
public final class SparkMaintenanceRun {
  private static final String USAGE =
      "Usage: SparkMaintenanceRun --catalog-uri URI --table NAMESPACE.NAME --job expiry|orphans"
          + " --older-than EPOCH_MILLIS [--retain-last N] [--warehouse NAME] [--master URL]"
          + " [--conf key=value]...";

  private SparkMaintenanceRun() {}

  public static void main(String[] args) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long starting = System.nanoTime();
    Outcome outcome;
    SparkEngine engine = null;
    try {
      engine = SparkEngine.start(arguments.config());
      engine.session().sparkContext().setLogLevel("WARN");
      long startupMillis = (System.nanoTime() - starting) / 1_000_000;
      outcome = run(engine.session(), arguments).withStartup(startupMillis);
    } catch (RuntimeException e) {
      outcome = Outcome.failed(arguments, e, (System.nanoTime() - starting) / 1_000_000);
    } finally {
      if (engine != null) {
        try {
          engine.close();
        } catch (RuntimeException e) {
          System.err.println("Stopping Spark failed: " + e);
        }
      }
    }
    SparkJobRun.printAndExit(outcome.json(arguments), outcome.result());
  }

  private static Outcome run(SparkSession spark, Arguments arguments) {
    Table table =
        Spark3Util.loadIcebergCatalog(spark, arguments.config().catalogName())
            .loadTable(arguments.table());
    return arguments.kind() == JobKind.EXPIRY
        ? expire(spark, table, arguments)
        : orphans(spark, table, arguments);
  }

  private static Outcome expire(SparkSession spark, Table table, Arguments arguments) {
    Set<Long> before = snapshotIds(table);
    JobReport report = report(arguments);
    long start = System.nanoTime();
    ExpireSnapshots.Result result =
        SparkActions.get(spark)
            .expireSnapshots(table)
            .expireOlderThan(arguments.olderThan())
            .retainLast(arguments.retainLast())
            .deleteWith(path -> {})
            .execute();
    long millis = (System.nanoTime() - start) / 1_000_000;
    table.refresh();
    before.removeAll(snapshotIds(table));
    long files =
        result.deletedDataFilesCount()
            + result.deletedPositionDeleteFilesCount()
            + result.deletedEqualityDeleteFilesCount()
            + result.deletedManifestsCount()
            + result.deletedManifestListsCount()
            + result.deletedStatisticsFilesCount();
    report.add(Measure.SNAPSHOTS_EXPIRED, before.size()).add(Measure.FILES_DELETED, files);
    return new Outcome(report.done(), millis, 0);
  }

  private static Outcome orphans(SparkSession spark, Table table, Arguments arguments) {
    JobReport report = report(arguments);
    long start = System.nanoTime();
    DeleteOrphanFilesSparkAction action =
        SparkActions.get(spark)
            .deleteOrphanFiles(table)
            .olderThan(arguments.olderThan())
            .deleteWith(path -> {});
    // As SparkOrphanSweep: object stores list by prefix through the table's FileIO.
    if (table.io() instanceof SupportsPrefixOperations) {
      action.usePrefixListing(true);
    }
    DeleteOrphanFiles.Result result = action.execute();
    long millis = (System.nanoTime() - start) / 1_000_000;
    long found = 0;
    for (String ignored : result.orphanFileLocations()) {
      found++;
    }
    report.add(Measure.ORPHANS_FOUND, found);
    return new Outcome(report.done(), millis, 0);
  }

  private static JobReport report(Arguments arguments) {
    // A dry run as far as storage goes: the deleter deletes nothing.
    return new JobReport(arguments.table().toString(), arguments.kind(), true, Clock.systemUTC());
  }

  private static Set<Long> snapshotIds(Table table) {
    Set<Long> ids = new HashSet<>();
    table.snapshots().forEach(snapshot -> ids.add(snapshot.snapshotId()));
    return ids;
  }

  /**
   * What one run found.
   *
   * @param result the counts, or the error
   * @param jobMillis the action alone, timed around its call
   * @param startupMillis SparkSession's start-up
   */
  record Outcome(JobResult result, long jobMillis, long startupMillis) {
    static Outcome failed(Arguments arguments, RuntimeException e, long startupMillis) {
      JobResult result =
          new JobReport(arguments.table().toString(), arguments.kind(), true, Clock.systemUTC())
              .failed(e);
      return new Outcome(result, 0, startupMillis);
    }

    Outcome withStartup(long millis) {
      return new Outcome(result, jobMillis, millis);
    }

    /** The result line; its fields are those Firn's benchmark run prints. */
    String json(Arguments arguments) {
      boolean expiry = arguments.kind() == JobKind.EXPIRY;
      return String.format(
          Locale.ROOT,
          "{\"engine\":\"spark\",\"job\":\"%s\",\"table\":\"%s\",\"succeeded\":%b,"
              + "\"snapshots_expired\":%d,\"files_found\":%d,\"files_listed\":-1,"
              + "\"duration_ms\":%d,\"startup_ms\":%d,\"error\":%s}",
          arguments.kind().label(),
          arguments.table(),
          result.succeeded(),
          result.count(Measure.SNAPSHOTS_EXPIRED),
          result.count(expiry ? Measure.FILES_DELETED : Measure.ORPHANS_FOUND),
          jobMillis,
          startupMillis,
          result.error() == null ? "null" : SparkCompactionRun.quote(result.error()));
    }
  }

  /** The command line, read. */
  record Arguments(
      SparkEngineConfig config,
      TableIdentifier table,
      JobKind kind,
      long olderThan,
      int retainLast) {

    Arguments {
      if (kind != JobKind.EXPIRY && kind != JobKind.ORPHANS) {
        throw new IllegalArgumentException(
            "Invalid job: " + kind.label() + " (must be expiry or orphans)\n" + USAGE);
      }
      if (retainLast < 1) {
        throw new IllegalArgumentException(
            "Invalid --retain-last: " + retainLast + " (must be >= 1)");
      }
    }

    static Arguments parse(String[] args) {
      RunOptions options =
          RunOptions.parse(
              args, Set.of("--table", "--job", "--older-than", "--retain-last"), Set.of());
      if (!options.has("--catalog-uri", "--table", "--job", "--older-than")) {
        throw new IllegalArgumentException(USAGE);
      }
      Long retainLast = options.number("--retain-last");
      return new Arguments(
          options.engineConfig(),
          TableIdentifier.parse(options.value("--table")),
          JobKind.of(options.value("--job")),
          options.number("--older-than"),
          retainLast == null ? 1 : Math.toIntExact(retainLast));
    }
  }
}
