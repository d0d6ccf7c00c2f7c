/**
 * The maintenance scheduler: policy schedules and change triggers decide which jobs are due, a
 * per-table lease in the catalog's database keeps to one job per table across Firn nodes, and a run
 * history records every job.
 */
package dev.firn.maintenance.schedule;
