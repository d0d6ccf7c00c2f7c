package dev.firn.bench.compaction;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.firn.bench.core.ProcessOutcome;
import dev.firn.bench.core.ResultLines;
import java.util.List;
import java.util.Optional;

/**
 * The one result line of a compaction process: Firn's ({@link FirnCompactionRun}) and the Spark
 * side's ({@code SparkCompactionRun}) share these fields.
 *
 * @param filesRewritten data files replaced
 * @param bytesRewritten their bytes
 * @param filesAdded data files written
 * @param bytesAdded their bytes
 * @param outcome how the job ended; its start-up is SparkSession's, or Firn's catalog connection
 *     and table load
 */
record CompactionLine(
    long filesRewritten,
    long bytesRewritten,
    long filesAdded,
    long bytesAdded,
    @JsonUnwrapped ProcessOutcome outcome) {

  String render(String table) {
    return ResultLines.render("firn", table, this);
  }

  /** The last result line among a process's output lines, if it printed one. */
  static Optional<CompactionLine> find(List<String> lines) {
    return ResultLines.last(lines, CompactionLine.class);
  }
}
