package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;

/**
 * A job the scheduler will run on a table.
 *
 * @param kind the job
 * @param trigger why
 * @param attempt 1, or one more than the failed run it retries
 * @param reason what made it due, for the log
 */
record DueJob(JobKind kind, Trigger trigger, int attempt, String reason) {}
