package dev.firn.maintenance.engine;

import java.util.List;

/**
 * Stands in for the Spark engine's {@code SparkJobRun} in a child JVM, acting as its {@code
 * --table} says: {@code raw.succeeds} prints log lines and then a result line, {@code
 * raw.prints_no_result} fails without one, {@code raw.waits} waits for its standard input to close.
 * Every run first prints its arguments.
 */
final class FakeSparkJob {
  static final String RESULT =
      "{\"engine\":\"spark\",\"table\":\"raw.succeeds\",\"job\":\"compaction\","
          + "\"dry-run\":false,\"started\":\"2026-11-22T07:00:00Z\",\"duration-ms\":5120,"
          + "\"startup-ms\":8210,\"counts\":{\"files-rewritten\":40,\"files-added\":4},"
          + "\"snapshot-ids\":[42],\"details\":[\"Packed group 0: 40 files, 4000 bytes -> 4"
          + " files\"],\"error\":null}";

  private FakeSparkJob() {}

  public static void main(String[] args) throws Exception {
    System.err.println("Arguments: " + String.join(" ", args));
    List<String> arguments = List.of(args);
    String table = arguments.get(arguments.indexOf("--table") + 1);
    switch (table) {
      case "raw.succeeds" -> {
        System.err.println("25/11/22 07:00:00 WARN NativeCodeLoader: no native library");
        System.out.println(RESULT);
        System.err.println("25/11/22 07:00:09 WARN Shutdown: bye");
        System.exit(0);
      }
      case "raw.prints_no_result" -> {
        System.err.println("Error: Spark did not start");
        System.exit(1);
      }
      case "raw.waits" -> {
        System.out.println("Waiting as process " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
          // Until the launcher closes standard input or stops this process.
        }
        System.exit(3);
      }
      default -> System.exit(2);
    }
  }
}
