package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void drawsFilesRowsBytesAndThroughput() {
    StringWriter text = new StringWriter();
    ProgressBar bar =
        new ProgressBar(
            new PrintWriter(text, true), true, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    bar.started(4, 400L * 1024 * 1024);

    String line = bar.line(1, 1_234_567, 100L * 1024 * 1024, 2_000);

    assertThat(line)
        .isEqualTo(
            "[======                  ]  25% 1/4 files, 1,234,567 rows, 100.0 MB of 400.0 MB,"
                + " 50.0 MB/s");
  }

  @Test
  void aTerminalGetsOneRedrawnLineAndAPipeGetsLines() {
    StringWriter terminal = new StringWriter();
    ProgressBar bar =
        new ProgressBar(
            new PrintWriter(terminal, true), true, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    bar.started(1, -1);
    bar.advanced(1, 10, 100);
    bar.committing();
    assertThat(terminal.toString())
        .startsWith("\r1/1 files, 10 rows, 100 B")
        .endsWith("Committing...\n");

    StringWriter pipe = new StringWriter();
    ProgressBar plain =
        new ProgressBar(
            new PrintWriter(pipe, true), false, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    plain.started(2, -1);
    plain.advanced(0, 5, 50);
    plain.advanced(2, 10, 100);
    assertThat(pipe.toString().lines()).containsExactly("2/2 files, 10 rows, 100 B, 97.7 KB/s");
  }
}
