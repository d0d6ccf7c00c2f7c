package dev.firn.bench.compaction;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.firn.bench.core.ResultLines;
import java.util.List;
import java.util.Optional;

/**
 * The one result line of a compaction process: Firn's ({@link FirnCompactionRun}) and the Spark
 * side's ({@code SparkCompactionRun}) share these fields.
 *
 * @param succeeded whether the job succeeded
 * @param filesRewritten data files replaced
 * @param bytesRewritten their bytes
 * @param filesAdded data files written
 * @param bytesAdded their bytes
 * @param durationMillis the job's duration as the job reports it
 * @param startupMillis inside the process, before the job: SparkSession's start-up, or Firn's
 *     catalog connection and table load
 * @param error why the job failed, or null
 */
record CompactionLine(
    boolean succeeded,
    long filesRewritten,
    long bytesRewritten,
    long filesAdded,
    long bytesAdded,
    @JsonProperty("duration_ms") long durationMillis,
    @JsonProperty("startup_ms") long startupMillis,
    String error) {

  String render(String table) {
    return ResultLines.render("firn", table, this);
  }

  /** The last result line among a process's output lines, if it printed one. */
  static Optional<CompactionLine> find(List<String> lines) {
    return ResultLines.last(lines, CompactionLine.class);
  }
}
