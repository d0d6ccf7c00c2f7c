package dev.firn.bench.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine and Java the benchmark ran on.
 *
 * @param cores the processors the JVM sees
 * @param totalMemoryMegabytes the machine's memory, or -1 where unknown
 * @param harnessMaxHeapMegabytes the harness JVM's heap limit
 * @param cpu the processor model, or "unknown"
 * @param os the operating system and architecture
 * @param java the Java version and VM
 */
public record MachineInfo(
    int cores,
    long totalMemoryMegabytes,
    long harnessMaxHeapMegabytes,
    String cpu,
    String os,
    String java) {

  public static MachineInfo current() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        procField("/proc/meminfo", "MemTotal").map(MachineInfo::kilobytesToMegabytes).orElse(-1L),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        procField("/proc/cpuinfo", "model name").orElse("unknown"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ", "
            + System.getProperty("java.vm.vendor")
            + ")");
  }

  /** The 1, 5 and 15 minute load averages as the system reports them, or "unknown". */
  public static String loadAverage() {
    try {
      String[] fields =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split(" ");
      return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long kilobytesToMegabytes(String value) {
    return Long.parseLong(value.replace("kB", "").trim()) / 1024;
  }

  private static Optional<String> procField(String file, String name) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    return lines.stream()
        .filter(line -> line.startsWith(name))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst();
  }

  /** Cores, memory, CPU and system, in one line. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores, %d MB memory, %s; %s",
        cores(),
        totalMemoryMegabytes(),
        cpu(),
        os());
  }
}
