package dev.firn.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a loader process prints for the harness, and its parsing.
 *
 * @param rows rows loaded
 * @param bytesRead input bytes read
 * @param dataFiles data files committed
 * @param bytesWritten bytes of the data files committed
 * @param seconds the load's time inside the process, from the first catalog call to the commit
 * @param peakRssKilobytes the process's peak resident set at the end, or -1
 */
record LoadLine(
    long rows,
    long bytesRead,
    long dataFiles,
    long bytesWritten,
    double seconds,
    long peakRssKilobytes) {
  static final String PREFIX = "INGEST-RESULT";

  LoadLine withSeconds(double value) {
    return new LoadLine(rows, bytesRead, dataFiles, bytesWritten, value, peakRssKilobytes);
  }

  LoadLine withPeakRss(long kilobytes) {
    return new LoadLine(rows, bytesRead, dataFiles, bytesWritten, seconds, kilobytes);
  }

  String render() {
    return String.format(
        java.util.Locale.ROOT,
        "%s rows=%d bytes-read=%d data-files=%d bytes-written=%d seconds=%.3f peak-rss-kb=%d",
        PREFIX,
        rows,
        bytesRead,
        dataFiles,
        bytesWritten,
        seconds,
        peakRssKilobytes);
  }

  /** The result line among a process's output lines, if it printed one. */
  static Optional<LoadLine> find(Iterable<String> lines) {
    for (String line : lines) {
      if (line.startsWith(PREFIX + " ")) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.substring(PREFIX.length() + 1).split(" ")) {
          int equals = pair.indexOf('=');
          fields.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return Optional.of(
            new LoadLine(
                Long.parseLong(fields.get("rows")),
                Long.parseLong(fields.get("bytes-read")),
                Long.parseLong(fields.get("data-files")),
                Long.parseLong(fields.get("bytes-written")),
                Double.parseDouble(fields.get("seconds")),
                Long.parseLong(fields.get("peak-rss-kb"))));
      }
    }
    return Optional.empty();
  }
}
