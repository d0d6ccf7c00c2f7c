package dev.firn.bench.ingest;

import dev.firn.bench.core.Measured;
import dev.firn.bench.core.ProcessFigures;

/**
 * One measured load.
 *
 * @param loader who loaded
 * @param format the input format
 * @param table the table loaded into
 * @param line what the loader process reported, or null when it failed
 * @param wallSeconds the loader process's life, JVM start-up included
 * @param heapPeakMegabytes the largest heap occupancy its GC log shows, or -1
 * @param failure why it failed, or null
 */
public record LoadMeasurement(
    Loader loader,
    InputFormat format,
    String table,
    LoadLine line,
    double wallSeconds,
    long heapPeakMegabytes,
    String failure)
    implements Measured {

  /**
   * This load, failed because its table holds {@code tableRows} rows where the input has {@code
   * inputRows}: its figures would measure a different load.
   */
  public LoadMeasurement rowCountMismatch(long tableRows, long inputRows) {
    return new LoadMeasurement(
        loader,
        format,
        table,
        line,
        wallSeconds,
        heapPeakMegabytes,
        String.format(
            java.util.Locale.ROOT,
            "ROW COUNT MISMATCH: the table holds %,d rows after the load, the input has %,d",
            tableRows,
            inputRows));
  }

  /** Rows per second per core the load ran on, as its process reported them. */
  double rowsPerSecondPerCore() {
    return line.cores() > 0 ? rowsPerSecond() / line.cores() : Double.NaN;
  }

  /** The process's figures; its peak resident set is the one the loader reported at its end. */
  @Override
  public ProcessFigures process() {
    return new ProcessFigures(
        wallSeconds, line == null ? -1 : line.peakRssKilobytes(), heapPeakMegabytes);
  }

  @Override
  public long jobMillis() {
    return line.loadMillis();
  }

  double rowsPerSecond() {
    return line.rows() / line.seconds();
  }

  /** Input megabytes (2^20 bytes) per second. */
  double megabytesPerSecond() {
    return line.bytesRead() / (1024.0 * 1024.0) / line.seconds();
  }

  String describe() {
    if (!succeeded()) {
      return String.format(
          "%s %s into %s failed: %s", loader.label(), format.label(), table, failure);
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s %s into %s: %,d rows in %.1f s (%.0f rows/s, %.1f MB/s), peak RSS %.0f MB, heap %d MB",
        loader.label(),
        format.label(),
        table,
        line.rows(),
        line.seconds(),
        rowsPerSecond(),
        megabytesPerSecond(),
        peakRssMegabytes(),
        heapPeakMegabytes);
  }
}
