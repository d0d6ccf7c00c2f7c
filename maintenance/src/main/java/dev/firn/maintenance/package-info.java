/**
 * Firn's table maintenance: zone policies, the planner, and the compaction, snapshot expiry, orphan
 * removal and manifest rewrite jobs, run through any Iceberg catalog.
 */
package dev.firn.maintenance;
