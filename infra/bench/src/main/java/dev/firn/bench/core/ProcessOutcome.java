package dev.firn.bench.core;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a measured child's job ended, the fields every compaction and maintenance result line shares
 * with the Spark side's. A line embeds it with {@code @JsonUnwrapped}, so these fields stay at the
 * line's top level.
 *
 * @param succeeded whether the job succeeded
 * @param durationMillis the job's duration as the job reports it
 * @param startupMillis inside the process, before the job
 * @param error why the job failed, or null
 */
public record ProcessOutcome(
    boolean succeeded,
    @JsonProperty("duration_ms") long durationMillis,
    @JsonProperty("startup_ms") long startupMillis,
    String error) {

  /** A job that failed with {@code error} before it measured anything. */
  public static ProcessOutcome failed(String error) {
    return new ProcessOutcome(false, 0, 0, error);
  }
}
