package dev.firn.bench.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The flat JSON lines a Spark run prints for the benchmark, one per job, each starting with {@code
 * {"engine":"spark"} so that the harness finds it among Spark's log lines.
 */
final class ResultLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultLines() {}

  static String render(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the result line", e);
    }
  }

  /**
   * Prints the lines in one write, so that no log line of another thread lands inside one where
   * both streams share a file, and exits with 0 when {@code succeeded}, 1 when not.
   */
  static void printAndExit(List<Map<String, Object>> lines, boolean succeeded) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(render(line)).append(System.lineSeparator()));
    System.out.flush();
    System.err.flush();
    try {
      // Not closed: that would close the process's standard output.
      @SuppressWarnings("resource")
      FileOutputStream out = new FileOutputStream(FileDescriptor.out);
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      System.err.println("Cannot print the result line: " + e);
      System.exit(1);
    }
    System.exit(succeeded ? 0 : 1);
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
