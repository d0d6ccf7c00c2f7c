package dev.firn.cli;

import dev.firn.writer.Bytes;
import dev.firn.writer.IngestProgress;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * Shows a load's progress on a terminal as one redrawn line (files, rows, bytes, throughput), or as
 * a line every few seconds when the output is not a terminal.
 */
final class ProgressBar implements IngestProgress {
  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final boolean terminal;
  private final Clock clock;
  private final long intervalMillis;
  private long startMillis;
  private long lastDrawMillis;
  private int files;
  private long totalBytes;
  private boolean drawn;

  ProgressBar(PrintWriter out, boolean terminal, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.intervalMillis = terminal ? 200 : 10_000;
  }

  @Override
  public void started(int inputs, long bytes) {
    this.files = inputs;
    this.totalBytes = bytes;
    this.startMillis = clock.millis();
    this.lastDrawMillis = startMillis;
  }

  @Override
  public void advanced(int filesDone, long rows, long bytes) {
    long now = clock.millis();
    if (now - lastDrawMillis < intervalMillis && filesDone < files) {
      return;
    }
    lastDrawMillis = now;
    String line = line(filesDone, rows, bytes, now);
    if (terminal) {
      out.print("\r" + line + "\033[K");
      drawn = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void committing() {
    if (drawn) {
      out.println();
      drawn = false;
    }
    out.println("Committing...");
  }

  String line(int filesDone, long rows, long bytes, long now) {
    double seconds = Math.max(now - startMillis, 1) / 1000.0;
    StringBuilder line = new StringBuilder();
    if (totalBytes > 0) {
      double done = Math.min(1.0, bytes / (double) totalBytes);
      int filled = (int) Math.round(done * WIDTH);
      line.append('[')
          .append("=".repeat(filled))
          .append(" ".repeat(WIDTH - filled))
          .append(String.format("] %3.0f%% ", done * 100));
    }
    line.append(
        String.format("%d/%d files, %,d rows, %s", filesDone, files, rows, Bytes.human(bytes)));
    if (totalBytes > 0) {
      line.append(" of ").append(Bytes.human(totalBytes));
    }
    line.append(String.format(", %s/s", Bytes.human(bytes / seconds)));
    return line.toString();
  }
}
