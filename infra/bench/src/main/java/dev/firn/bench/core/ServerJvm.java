package dev.firn.bench.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java command line both servers run with: the same Java, the same heap limit and collector,
 * and a GC log from which the harness reads the heap's peak.
 */
public record ServerJvm(String heapLimit) {
  static final String HEAP_LIMIT_DEFAULT = "1g";

  public static ServerJvm defaults() {
    return new ServerJvm(HEAP_LIMIT_DEFAULT);
  }

  public List<String> command(
      String classpath, Path gcLog, List<String> systemProperties, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heapLimit);
    command.add("-XX:+UseG1GC");
    command.add("-Xlog:gc:file=" + gcLog);
    command.addAll(systemProperties);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    return command;
  }

  public String describe() {
    return "-Xmx" + heapLimit + " -XX:+UseG1GC";
  }
}
