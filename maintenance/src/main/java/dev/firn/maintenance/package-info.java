/**
 * Firn's table maintenance: zone policies, the planner, and the compaction, snapshot expiry, orphan
 * removal and manifest rewrite jobs, run through any Iceberg catalog. Each job's {@link
 * dev.firn.maintenance.JobResult} has one JSON form, {@link dev.firn.maintenance.JobResultJson}.
 */
package dev.firn.maintenance;
