package dev.firn.maintenance.spark;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * Runs Iceberg's Spark {@code expireSnapshots} or {@code deleteOrphanFiles} on tables with a
 * deleter that deletes nothing, one job after the other in one SparkSession, and prints one flat
 * line of JSON per job: how many snapshots and files the action found and how long it took.
 * Benchmarks compare it with Firn's own jobs; unlike {@link SparkJobRun} it takes the cutoff as an
 * instant instead of a policy, so that both sides work from the same one. Expiry still commits the
 * removal of the snapshots: the Spark action has no dry run.
 *
 * <p>Options: {@code --catalog-uri}, {@code --table}, {@code --job} ({@code expiry} or {@code
 * orphans}) and {@code --older-than} (epoch milliseconds) are required; for several jobs, each of
 * the last three is a comma-separated list with one item per job. {@code --retain-last} (expiry,
 * default 1), {@code --warehouse}, {@code --master} and {@code --conf} as for {@link
 * SparkCompactionRun}. Exit status 0 when every action succeeded, 1 when one failed (its line says
 * why), 2 for bad arguments.
 */
public final class SparkMaintenanceRun {
  private static final String USAGE =
      "Usage: SparkMaintenanceRun --catalog-uri URI --table NAMESPACE.NAME[,...]"
          + " --job expiry|orphans[,...] --older-than EPOCH_MILLIS[,...] [--retain-last N]"
          + " [--warehouse NAME] [--master URL] [--conf key=value]...";

  private SparkMaintenanceRun() {}

  public static void main(String[] args) {
    Arguments arguments = SparkJobRun.parseOrExit(args, Arguments::parse);
    long starting = System.nanoTime();
    List<String> lines = new ArrayList<>();
    boolean succeeded = true;
    SparkEngine engine = null;
    try {
      engine = SparkEngine.start(arguments.config());
      engine.spark().sparkContext().setLogLevel("WARN");
      for (Job job : arguments.jobs()) {
        Outcome outcome;
        try {
          Table table =
              Spark3Util.loadIcebergCatalog(engine.spark(), arguments.config().catalogName())
                  .loadTable(job.table());
          long startupMillis = (System.nanoTime() - starting) / 1_000_000;
          outcome =
              run(engine.spark(), table, job, arguments.retainLast()).withStartup(startupMillis);
        } catch (RuntimeException e) {
          outcome = Outcome.failed(job, e, (System.nanoTime() - starting) / 1_000_000);
        }
        lines.add(outcome.json(job));
        succeeded &= outcome.result().succeeded();
        starting = System.nanoTime();
      }
    } catch (RuntimeException e) {
      long startupMillis = (System.nanoTime() - starting) / 1_000_000;
      for (Job job : arguments.jobs().subList(lines.size(), arguments.jobs().size())) {
        lines.add(Outcome.failed(job, e, startupMillis).json(job));
      }
      succeeded = false;
    } finally {
      if (engine != null) {
        try {
          engine.close();
        } catch (RuntimeException e) {
          System.err.println("Stopping Spark failed: " + e);
        }
      }
    }
    SparkJobRun.printAndExit(String.join(System.lineSeparator(), lines), succeeded);
  }

  private static Outcome run(SparkSession spark, Table table, Job job, int retainLast) {
    return job.kind() == JobKind.EXPIRY
        ? expire(spark, table, job, retainLast)
        : orphans(spark, table, job);
  }

  private static Outcome expire(SparkSession spark, Table table, Job job, int retainLast) {
    Set<Long> before = snapshotIds(table);
    JobReport report = report(job);
    long start = System.nanoTime();
    ExpireSnapshots.Result result =
        SparkActions.get(spark)
            .expireSnapshots(table)
            .expireOlderThan(job.olderThan())
            .retainLast(retainLast)
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

  private static Outcome orphans(SparkSession spark, Table table, Job job) {
    JobReport report = report(job);
    long start = System.nanoTime();
    DeleteOrphanFilesSparkAction action =
        SparkActions.get(spark)
            .deleteOrphanFiles(table)
            .olderThan(job.olderThan())
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

  private static JobReport report(Job job) {
    // A dry run as far as storage goes: the deleter deletes nothing.
    return new JobReport(job.table().toString(), job.kind(), true, Clock.systemUTC());
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
   * @param startupMillis before the action: SparkSession's start-up for the first job, loading the
   *     table for each
   */
  record Outcome(JobResult result, long jobMillis, long startupMillis) {
    static Outcome failed(Job job, RuntimeException e, long startupMillis) {
      return new Outcome(report(job).failed(e), 0, startupMillis);
    }

    Outcome withStartup(long millis) {
      return new Outcome(result, jobMillis, millis);
    }

    /** The result line; its fields are those Firn's benchmark run prints. */
    String json(Job job) {
      boolean expiry = job.kind() == JobKind.EXPIRY;
      return String.format(
          Locale.ROOT,
          "{\"engine\":\"spark\",\"job\":\"%s\",\"table\":\"%s\",\"succeeded\":%b,"
              + "\"snapshots_expired\":%d,\"files_found\":%d,\"files_listed\":-1,"
              + "\"duration_ms\":%d,\"startup_ms\":%d,\"error\":%s}",
          job.kind().label(),
          job.table(),
          result.succeeded(),
          result.count(Measure.SNAPSHOTS_EXPIRED),
          result.count(expiry ? Measure.FILES_DELETED : Measure.ORPHANS_FOUND),
          jobMillis,
          startupMillis,
          result.error() == null ? "null" : SparkCompactionRun.quote(result.error()));
    }
  }

  /**
   * One job of the run.
   *
   * @param table the table it works on
   * @param kind expiry or orphan listing
   * @param olderThan the cutoff, epoch milliseconds
   */
  record Job(TableIdentifier table, JobKind kind, long olderThan) {
    Job {
      if (kind != JobKind.EXPIRY && kind != JobKind.ORPHANS) {
        throw new IllegalArgumentException(
            "Invalid job: " + kind.label() + " (must be expiry or orphans)\n" + USAGE);
      }
    }
  }

  /** The command line, read. */
  record Arguments(SparkEngineConfig config, List<Job> jobs, int retainLast) {

    Arguments {
      jobs = List.copyOf(jobs);
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
      String[] tables = options.value("--table").split(",", -1);
      String[] kinds = options.value("--job").split(",", -1);
      String[] cutoffs = options.value("--older-than").split(",", -1);
      if (tables.length != kinds.length || cutoffs.length != kinds.length) {
        throw new IllegalArgumentException(
            "--table, --job and --older-than need one item per job\n" + USAGE);
      }
      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < kinds.length; i++) {
        jobs.add(
            new Job(TableIdentifier.parse(tables[i]), JobKind.of(kinds[i]), cutoff(cutoffs[i])));
      }
      Long retainLast = options.number("--retain-last");
      return new Arguments(
          options.engineConfig(), jobs, retainLast == null ? 1 : Math.toIntExact(retainLast));
    }

    private static long cutoff(String value) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Invalid --older-than: " + value + " (epoch milliseconds)");
      }
    }
  }
}
