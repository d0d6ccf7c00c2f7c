package dev.firn.bench.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a loader process prints for the harness, and its parsing: {@link IngestLoaderMain}'s
 * {@code INGEST-RESULT key=value ...} line, or the Spark engine's JSON line ({@code
 * SparkIngestRun}).
 *
 * @param rows rows loaded
 * @param bytesRead input bytes read
 * @param dataFiles data files committed
 * @param bytesWritten bytes of the data files committed
 * @param seconds the load's time inside the process, from the first catalog call to the commit
 * @param peakRssKilobytes the process's peak resident set at the end, or -1
 * @param cores the cores the load ran on: Firn's workers, Spark's task slots in use, or 1 for the
 *     plain loader; -1 when not reported
 */
public record LoadLine(
    long rows,
    long bytesRead,
    long dataFiles,
    long bytesWritten,
    double seconds,
    long peakRssKilobytes,
    int cores) {
  static final String PREFIX = "INGEST-RESULT";
  static final String SPARK_PREFIX = "{\"engine\":\"spark\",\"job\":\"ingest\"";
  private static final ObjectMapper JSON = new ObjectMapper();

  LoadLine withSeconds(double value) {
    return new LoadLine(rows, bytesRead, dataFiles, bytesWritten, value, peakRssKilobytes, cores);
  }

  LoadLine withPeakRss(long kilobytes) {
    return new LoadLine(rows, bytesRead, dataFiles, bytesWritten, seconds, kilobytes, cores);
  }

  String render() {
    return String.format(
        Locale.ROOT,
        "%s rows=%d bytes-read=%d data-files=%d bytes-written=%d seconds=%.3f peak-rss-kb=%d"
            + " cores=%d",
        PREFIX,
        rows,
        bytesRead,
        dataFiles,
        bytesWritten,
        seconds,
        peakRssKilobytes,
        cores);
  }

  /**
   * The result line among a process's output lines, if it printed one that reports a successful
   * load.
   */
  static Optional<LoadLine> find(Iterable<String> lines) {
    for (String line : lines) {
      if (line.startsWith(PREFIX + " ")) {
        return Optional.of(parsePairs(line.substring(PREFIX.length() + 1)));
      }
      if (line.startsWith(SPARK_PREFIX)) {
        Optional<LoadLine> spark = parseSpark(line);
        if (spark.isPresent()) {
          return spark;
        }
      }
    }
    return Optional.empty();
  }

  private static LoadLine parsePairs(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : text.split(" ")) {
      int equals = pair.indexOf('=');
      fields.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return new LoadLine(
        Long.parseLong(fields.get("rows")),
        Long.parseLong(fields.get("bytes-read")),
        Long.parseLong(fields.get("data-files")),
        Long.parseLong(fields.get("bytes-written")),
        Double.parseDouble(fields.get("seconds")),
        Long.parseLong(fields.get("peak-rss-kb")),
        Integer.parseInt(fields.getOrDefault("cores", "-1")));
  }

  /** The Spark engine's line; empty when it reports a failed load or is not JSON after all. */
  private static Optional<LoadLine> parseSpark(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (!node.path("succeeded").asBoolean(false)) {
        return Optional.empty();
      }
      return Optional.of(
          new LoadLine(
              node.path("rows").asLong(-1),
              node.path("bytes_read").asLong(-1),
              node.path("data_files").asLong(-1),
              node.path("bytes_written").asLong(-1),
              node.path("load_ms").asLong(-1) / 1000.0,
              node.path("peak_rss_kb").asLong(-1),
              node.path("cores").asInt(-1)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
