package dev.firn.maintenance;

import dev.firn.boundary.FencedTable;
import dev.firn.maintenance.compaction.Compaction;
import dev.firn.maintenance.compaction.CompactionListener;
import dev.firn.maintenance.expiry.SnapshotExpiry;
import dev.firn.maintenance.manifests.ManifestRewrite;
import dev.firn.maintenance.metadata.MetadataCleanup;
import dev.firn.maintenance.orphans.OrphanSweep;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.maintenance.schedule.JobLease;
import dev.firn.vocabulary.TableGc;
import java.time.Clock;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one maintenance job on one table, configured from the table's effective policy: the one
 * place that turns a policy into job settings, for the scheduler, the management API and {@code
 * firn maintain} alike. Every job works on the table behind its {@link FencedTable fence}, so
 * whatever it or Iceberg deletes stays inside the table's location, and the job's result tells what
 * the fence refused.
 */
public final class TableMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

  private final Catalog catalog;
  private final PolicyResolver resolver;
  private final Clock clock;
  private final RunningCompactions running;
  private final int compactionParallelism;

  public TableMaintenance(
      Catalog catalog,
      PolicyResolver resolver,
      Clock clock,
      RunningCompactions running,
      int compactionParallelism) {
    this.catalog = catalog;
    this.resolver = resolver;
    this.clock = clock;
    this.running = running;
    this.compactionParallelism = compactionParallelism;
  }

  /** Runs a job for real, or as a dry run that changes nothing. */
  public JobResult run(TableIdentifier id, JobKind kind, boolean dryRun) {
    return run(id, kind, dryRun, CompactionListener.NONE);
  }

  /** Runs a job, telling a listener how a compaction's file groups go. */
  public JobResult run(
      TableIdentifier id, JobKind kind, boolean dryRun, CompactionListener listener) {
    JobReport report = new JobReport(id.toString(), kind, dryRun, clock);
    FencedTable fenced;
    EffectivePolicy policy;
    try {
      // Commits confirm the scheduler's lease first, from whichever thread they run on.
      fenced = FencedTable.of(catalog.loadTable(id), JobLease.check());
      policy = resolver.resolve(catalog, id);
    } catch (RuntimeException e) {
      return report.failed(e);
    }
    Table table = fenced.table();
    if (!kind.allowedOn(table)) {
      return report.detail(TableGc.DISABLED).done();
    }
    JobResult result = run(table, kind, dryRun, policy, listener).withRefusals(fenced.io());
    if (fenced.io().refusedCount() > 0) {
      LOG.warn("{}", result.summary());
    }
    return result;
  }

  private JobResult run(
      Table table,
      JobKind kind,
      boolean dryRun,
      EffectivePolicy policy,
      CompactionListener listener) {
    return switch (kind) {
      case COMPACTION -> {
        Compaction compaction =
            new Compaction(table, clock, running)
                .targetFileSize(policy.targetFileSize())
                .minInputFiles(policy.minSmallFiles())
                .copyRowGroups(policy.copyRowGroups())
                .parallelism(compactionParallelism)
                .listener(listener);
        yield dryRun ? compaction.apply() : compaction.commit();
      }
      case EXPIRY -> {
        SnapshotExpiry expiry = new SnapshotExpiry(table, policy, clock, running);
        yield dryRun ? expiry.apply() : expiry.commit();
      }
      case ORPHANS -> {
        OrphanSweep sweep = new OrphanSweep(table, clock).policy(policy);
        yield dryRun ? sweep.apply() : sweep.commit();
      }
      case MANIFESTS -> {
        ManifestRewrite rewrite = new ManifestRewrite(table, policy, clock);
        yield dryRun ? rewrite.apply() : rewrite.commit();
      }
      case METADATA -> {
        MetadataCleanup cleanup = new MetadataCleanup(table, policy, clock);
        yield dryRun ? cleanup.apply() : cleanup.commit();
      }
    };
  }
}
