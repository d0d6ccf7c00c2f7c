package dev.firn.bench.expiry;

import dev.firn.bench.core.CatalogClients;
import dev.firn.bench.core.ProcessOutcome;
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
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Snapshot expiries and orphan listings with Firn's own jobs, one after the other in a process of
 * their own, so that their memory and start-up are their own: connects to the catalog over REST,
 * and for each job loads its table, resolves the table's policy, runs the job and prints one {@link
 * MaintenanceLine}. Expiry commits the removal of the snapshots with a deleter that deletes
 * nothing, as the Spark side does; orphan listing is the sweep's dry run. Each job's clock is set
 * so that its policy's age falls on the given cutoff, which the Spark side receives as an instant.
 * Exits 0 when every job succeeded, 1 when one failed.
 *
 * <p>Arguments: {@code <catalog uri> <warehouse>}, then for each job {@code <expiry|orphans>
 * <table> <cutoff epoch millis>}.
 */
public final class FirnMaintenanceRun {
  private static final String USAGE =
      "Usage: FirnMaintenanceRun <uri> <warehouse> (<expiry|orphans> <table> <cutoff-millis>)...";

  private FirnMaintenanceRun() {}

  public static void main(String[] args) {
    if (args.length < 5 || (args.length - 2) % 3 != 0) {
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    long starting = System.nanoTime();
    boolean succeeded = true;
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize(
          "expiry-bench",
          CatalogClients.properties(
              args[0], args[1], System.getenv(CatalogClients.CREDENTIAL_VARIABLE)));
      for (int i = 2; i < args.length; i += 3) {
        MaintenanceJob job = MaintenanceJob.of(args[i]);
        MaintenanceLine line =
            run(catalog, job, args[i + 1], Long.parseLong(args[i + 2]), starting);
        System.out.println(line.render(args[i + 1]));
        succeeded &= line.outcome().succeeded();
        starting = System.nanoTime();
      }
    } catch (Exception e) {
      System.err.println("Cannot run the jobs: " + e);
      succeeded = false;
    }
    System.out.flush();
    System.exit(succeeded ? 0 : 1);
  }

  /** One job, its start-up counted from {@code starting}. */
  private static MaintenanceLine run(
      RESTCatalog catalog, MaintenanceJob job, String name, long cutoff, long starting) {
    try {
      TableIdentifier id = TableIdentifier.parse(name);
      Table table = catalog.loadTable(id);
      EffectivePolicy policy = new PolicyResolver(PolicyDefaults.standard()).resolve(catalog, id);
      long startup = (System.nanoTime() - starting) / 1_000_000;
      long start = System.nanoTime();
      JobResult result = run(job, table, policy, cutoff);
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new MaintenanceLine(
          "firn",
          job,
          result.count(Measure.SNAPSHOTS_EXPIRED),
          result.count(
              job == MaintenanceJob.EXPIRY ? Measure.FILES_DELETED : Measure.ORPHANS_FOUND),
          job == MaintenanceJob.EXPIRY ? -1 : result.count(Measure.FILES_LISTED),
          new ProcessOutcome(result.succeeded(), millis, startup, result.error()));
    } catch (RuntimeException e) {
      return new MaintenanceLine("firn", job, 0, 0, -1, ProcessOutcome.failed(e.toString()));
    }
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
