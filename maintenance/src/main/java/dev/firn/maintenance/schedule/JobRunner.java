package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Runs one maintenance job on one table: a dry run ({@code apply()}) or for real ({@code
 * commit()}). The scheduler calls it while it holds the table's lease. An expected failure comes
 * back in the result; an exception is recorded as a failure too.
 */
@FunctionalInterface
public interface JobRunner {
  JobResult run(TableIdentifier table, JobKind kind, boolean dryRun);
}
