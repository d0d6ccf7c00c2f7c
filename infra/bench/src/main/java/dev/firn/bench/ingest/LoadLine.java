package dev.firn.bench.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.firn.bench.core.ResultLines;
import java.util.List;
import java.util.Optional;

/**
 * The result line a loader process prints: {@link IngestLoaderMain}'s and the Spark side's ({@code
 * SparkIngestRun}) share these fields.
 *
 * @param succeeded whether the load succeeded
 * @param rows rows loaded
 * @param bytesRead input bytes read
 * @param dataFiles data files committed
 * @param bytesWritten bytes of the data files committed
 * @param loadMillis the load's time inside the process, from the first catalog call to the commit
 * @param peakRssKilobytes the process's peak resident set at the end, or -1
 * @param cores the cores the load ran on: Firn's workers, Spark's task slots in use, or 1 for the
 *     plain loader; -1 when not reported
 */
public record LoadLine(
    boolean succeeded,
    long rows,
    long bytesRead,
    long dataFiles,
    long bytesWritten,
    @JsonProperty("load_ms") long loadMillis,
    @JsonProperty("peak_rss_kb") long peakRssKilobytes,
    int cores) {

  /** The load's time inside the process. */
  double seconds() {
    return loadMillis / 1000.0;
  }

  /** The line once the load is over: its time and the process's peak resident set. */
  LoadLine finished(long millis, long peakRss) {
    return new LoadLine(
        succeeded, rows, bytesRead, dataFiles, bytesWritten, millis, peakRss, cores);
  }

  String render(String engine, String table) {
    return ResultLines.render(engine, table, this);
  }

  /** The last result line among a process's output lines that reports a successful load. */
  static Optional<LoadLine> find(List<String> lines) {
    return ResultLines.all(lines, LoadLine.class).stream()
        .filter(LoadLine::succeeded)
        .reduce((first, second) -> second);
  }
}
