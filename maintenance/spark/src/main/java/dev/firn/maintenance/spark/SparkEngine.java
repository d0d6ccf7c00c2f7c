package dev.firn.maintenance.spark;

import dev.firn.boundary.FencedTable;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.policy.EffectivePolicy;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import java.time.Clock;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;

/**
 * Firn's maintenance jobs on Spark, for tables too large for one machine: compaction, snapshot
 * expiry, orphan removal and manifest rewrites through Iceberg's Spark actions, under the same
 * policies and with the same results as Firn's own jobs. The engine owns a SparkSession with an
 * Iceberg REST catalog on Firn; it reuses a SparkSession already running in the process and then
 * leaves it running on {@link #close()}.
 *
 * <p>Each table is loaded behind its {@link FencedTable fence}, and Iceberg's actions get the
 * fenced table: whatever they delete, on the driver or on an executor (the fence travels with the
 * table Spark serializes), stays inside the table's location, and each result tells what was
 * refused.
 */
public final class SparkEngine implements AutoCloseable {
  private final SparkSession spark;
  private final boolean ownsSession;
  private final String catalogName;
  private final Clock clock;
  private final PolicyResolver policies;
  private final RunningCompactions running;
  private Catalog catalog;

  /**
   * Starts or joins a SparkSession.
   *
   * @param clock the time jobs measure ages against and report with
   * @param defaults the policy defaults of the Firn deployment
   * @param running compactions whose snapshots expiry keeps; compactions of this engine join it
   */
  public SparkEngine(
      SparkEngineConfig config, Clock clock, PolicyDefaults defaults, RunningCompactions running) {
    this.ownsSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession.Builder builder =
        SparkSession.builder().master(config.master()).appName("firn-maintenance");
    config.sessionProperties().forEach(builder::config);
    this.spark = builder.getOrCreate();
    this.catalogName = config.catalogName();
    this.clock = clock;
    this.policies = new PolicyResolver(defaults);
    this.running = running;
  }

  /** An engine on the system clock with Firn's standard policy defaults. */
  public static SparkEngine start(SparkEngineConfig config) {
    return new SparkEngine(
        config, Clock.systemUTC(), PolicyDefaults.standard(), new RunningCompactions());
  }

  /** Runs one job on one table, or in a dry run reports what it would do. */
  public JobResult run(JobKind kind, TableIdentifier table, boolean dryRun) {
    try {
      return switch (kind) {
        case COMPACTION -> dryRun ? compaction(table).apply() : compaction(table).commit();
        case EXPIRY -> dryRun ? expiry(table).apply() : expiry(table).commit();
        case ORPHANS -> dryRun ? orphans(table).apply() : orphans(table).commit();
        case MANIFESTS -> dryRun ? manifests(table).apply() : manifests(table).commit();
        case METADATA ->
            new JobReport(table.toString(), kind, dryRun, clock)
                .failed(
                    new UnsupportedOperationException(
                        "The Spark engine does not run metadata jobs: Iceberg has no Spark"
                            + " action for them"));
      };
    } catch (RuntimeException e) {
      // The table could not be loaded or its policy resolved.
      return new JobReport(table.toString(), kind, dryRun, clock).failed(e);
    }
  }

  /** Compaction of a table under its policy; configure it, then apply or commit. */
  public SparkCompaction compaction(TableIdentifier table) {
    return new SparkCompaction(spark, table, load(table), policy(table), clock, running);
  }

  /** Snapshot expiry of a table under its policy. */
  public SparkExpiry expiry(TableIdentifier table) {
    return new SparkExpiry(spark, table, load(table), policy(table), clock, running);
  }

  /** Orphan removal on a table under its policy, deleting through the table's FileIO. */
  public SparkOrphanSweep orphans(TableIdentifier table) {
    FencedTable loaded = load(table);
    return new SparkOrphanSweep(
        spark, table, loaded, policy(table), clock, path -> loaded.io().deleteFile(path));
  }

  /** Manifest rewrite of a table. */
  public SparkManifestRewrite manifests(TableIdentifier table) {
    return new SparkManifestRewrite(spark, table, load(table), clock);
  }

  /** The policy a table runs under, read from the catalog now. */
  public EffectivePolicy policy(TableIdentifier table) {
    return policies.resolve(catalog(), table);
  }

  /** The Spark entry point, for callers that also query the tables. */
  public SparkSession spark() {
    return spark;
  }

  private FencedTable load(TableIdentifier table) {
    return FencedTable.of(catalog().loadTable(table));
  }

  /** The Iceberg catalog, connected on first use: the SparkSession may start before the catalog. */
  private synchronized Catalog catalog() {
    if (catalog == null) {
      catalog = Spark3Util.loadIcebergCatalog(spark, catalogName);
    }
    return catalog;
  }

  /** Stops the SparkSession if this engine started it. */
  @Override
  public void close() {
    if (ownsSession) {
      spark.stop();
    }
  }
}
