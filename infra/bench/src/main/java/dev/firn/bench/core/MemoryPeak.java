package dev.firn.bench.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The most memory a server process held during the run.
 *
 * @param rssKilobytes the peak resident set ({@code VmHWM} in {@code /proc/<pid>/status}), or -1
 *     where the system does not report it
 * @param heapUsedMegabytes the largest heap occupancy a GC found before collecting, or -1 without
 *     any GC
 * @param heapCommittedMegabytes the largest heap the JVM had reserved at a GC, or -1
 */
public record MemoryPeak(long rssKilobytes, long heapUsedMegabytes, long heapCommittedMegabytes) {
  // Unified GC logging: "... Pause Young (Normal) (G1 Evacuation Pause) 51M->10M(256M) 5.1ms".
  private static final Pattern HEAP_CHANGE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern HIGH_WATER_MARK = Pattern.compile("VmHWM:\\s+(\\d+)\\s+kB");

  static MemoryPeak of(long pid, Path gcLog) {
    long heapUsed = -1;
    long heapCommitted = -1;
    for (String line : lines(gcLog)) {
      Matcher change = HEAP_CHANGE.matcher(line);
      if (change.find()) {
        heapUsed = Math.max(heapUsed, Long.parseLong(change.group(1)));
        heapCommitted = Math.max(heapCommitted, Long.parseLong(change.group(3)));
      }
    }
    return new MemoryPeak(rssKilobytes(pid), heapUsed, heapCommitted);
  }

  /**
   * A live process's peak resident set so far, or -1 once it has exited or where the system does
   * not report it.
   */
  static long rssKilobytes(long pid) {
    for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
      Matcher mark = HIGH_WATER_MARK.matcher(line);
      if (mark.find()) {
        return Long.parseLong(mark.group(1));
      }
    }
    return -1;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }
}
