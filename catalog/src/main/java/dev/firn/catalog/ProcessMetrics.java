package dev.firn.catalog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's own figures, read when metrics are scraped: heap in use, live threads, open file
 * descriptors and resident memory. Enough to see a leak over hours without a JVM agent.
 */
final class ProcessMetrics {
  private ProcessMetrics() {}

  static void register(CatalogMetrics metrics) {
    metrics.gauge(
        "firn_jvm_heap_used_bytes",
        () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    metrics.gauge(
        "firn_jvm_threads_live", () -> ManagementFactory.getThreadMXBean().getThreadCount());
    metrics.gauge("firn_process_open_fds", ProcessMetrics::openFileDescriptors);
    metrics.gauge("firn_process_resident_memory_bytes", ProcessMetrics::residentBytes);
  }

  private static long openFileDescriptors() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getOpenFileDescriptorCount();
    }
    return -1;
  }

  /** {@code VmRSS} of {@code /proc/self/status} where there is one (Linux); -1 elsewhere. */
  private static long residentBytes() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
      for (String line : lines) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
