package dev.firn.bench;

import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.expiry.SnapshotExpiry;
import dev.firn.maintenance.orphans.OrphanSweep;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * One snapshot expiry or orphan listing with Firn's own jobs, in a process of its own so that its
 * memory and start-up are its own: connects to the catalog over REST, resolves the table's policy,
 * runs the job and prints one {@link MaintenanceLine}. Expiry commits the removal of the snapshots
 * with a deleter that deletes nothing, as the Spark side does; orphan listing is the sweep's dry
 * run. The job's clock is set so that its policy's age falls on the given cutoff, which the Spark
 * side receives as an instant. Exits 0 when the job succeeded, 1 when it failed.
 *
 * <p>Arguments: {@code <catalog uri> <warehouse> <table> <expiry|orphans> <cutoff epoch millis>}.
 */
public final class FirnMaintenanceRun {
  private FirnMaintenanceRun() {}

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println(
          "Usage: FirnMaintenanceRun <uri> <warehouse> <table> <expiry|orphans> <cutoff-millis>");
      System.exit(2);
      return;
    }
    long starting = System.nanoTime();
    MaintenanceJob job = MaintenanceJob.of(args[3]);
    long cutoff = Long.parseLong(args[4]);
    MaintenanceLine line;
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize("expiry-bench", Map.of("uri", args[0], "warehouse", args[1]));
      TableIdentifier id = TableIdentifier.parse(args[2]);
      Table table = catalog.loadTable(id);
      EffectivePolicy policy = new PolicyResolver(PolicyDefaults.standard()).resolve(catalog, id);
      long startup = (System.nanoTime() - starting) / 1_000_000;
      long start = System.nanoTime();
      JobResult result = run(job, table, policy, cutoff);
      long millis = (System.nanoTime() - start) / 1_000_000;
      line =
          new MaintenanceLine(
              "firn",
              job,
              result.succeeded(),
              result.count(Measure.SNAPSHOTS_EXPIRED),
              result.count(
                  job == MaintenanceJob.EXPIRY ? Measure.FILES_DELETED : Measure.ORPHANS_FOUND),
              job == MaintenanceJob.EXPIRY ? -1 : result.count(Measure.FILES_LISTED),
              millis,
              startup,
              result.error());
    } catch (Exception e) {
      line = new MaintenanceLine("firn", job, false, 0, 0, -1, 0, 0, e.toString());
    }
    System.out.println(line.render(args[2]));
    System.out.flush();
    System.exit(line.succeeded() ? 0 : 1);
  }

  private static JobResult run(
      MaintenanceJob job, Table table, EffectivePolicy policy, long cutoff) {
    if (job == MaintenanceJob.EXPIRY) {
      Clock clock = at(cutoff + policy.snapshotMaxAge().toMillis());
      return new SnapshotExpiry(table, policy, clock, new RunningCompactions(), path -> {})
          .commit();
    }
    Clock clock = at(cutoff + policy.orphanMinAge().toMillis());
    return new OrphanSweep(table, clock).policy(policy).apply();
  }

  private static Clock at(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
