package dev.firn.maintenance.schedule;

import java.util.concurrent.CompletableFuture;

/**
 * A job started by hand: its run as recorded when it started, and the run as it ends.
 *
 * @param record the run in the history, running
 * @param completion done with the finished run when the job ends
 */
public record StartedRun(RunRecord record, CompletableFuture<CompletedRun> completion) {}
