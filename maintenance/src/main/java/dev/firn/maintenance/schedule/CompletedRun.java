package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobResult;

/**
 * A job that ran: its row in the run history and the job's own result, whose details list what it
 * did or, in a dry run, would do.
 */
public record CompletedRun(RunRecord record, JobResult result) {}
