package dev.firn.bench.spark;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import dev.firn.maintenance.spark.SparkCompaction;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Compacts one table through the Spark engine and prints one flat line of JSON: what was rewritten
 * and how long it took. The compaction benchmark compares Firn's compaction with it. Without {@code
 * --target-file-size} and {@code --min-input-files} the table's policy decides. Exit status 0 when
 * the compaction succeeded, 1 when it failed (the line says why), 2 for bad arguments.
 */
@Command(name = "SparkCompactionRun", mixinStandardHelpOptions = true)
public final class SparkCompactionRun implements Callable<Integer> {
  @Mixin EngineOptions engine = new EngineOptions();

  @Option(names = "--table", required = true)
  String table;

  @Option(names = "--target-file-size", description = "bytes")
  Long targetFileSize;

  @Option(names = "--min-input-files")
  Integer minInputFiles;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkCompactionRun()).execute(args));
  }

  @Override
  public Integer call() {
    JobResult result;
    long startupMillis = -1;
    try (StartedEngine started = StartedEngine.start(engine.config())) {
      startupMillis = started.startupMillis();
      SparkCompaction compaction = started.engine().compaction(TableIdentifier.parse(table));
      if (targetFileSize != null) {
        compaction.targetFileSize(targetFileSize);
      }
      if (minInputFiles != null) {
        compaction.minInputFiles(minInputFiles);
      }
      result = compaction.commit();
    } catch (RuntimeException e) {
      result = new JobReport(table, JobKind.COMPACTION, false, Clock.systemUTC()).failed(e);
    }
    ResultLines.printAndExit(List.of(line(result, startupMillis)), result.succeeded());
    return result.succeeded() ? 0 : 1;
  }

  /** The result line: counts, durations and the error, if any. */
  static Map<String, Object> line(JobResult result, long startupMillis) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("engine", "spark");
    line.put("table", result.table());
    line.put("succeeded", result.succeeded());
    line.put("files_rewritten", result.count(Measure.FILES_REWRITTEN));
    line.put("bytes_rewritten", result.count(Measure.BYTES_REWRITTEN));
    line.put("files_added", result.count(Measure.FILES_ADDED));
    line.put("bytes_added", result.count(Measure.BYTES_ADDED));
    line.put("duration_ms", result.duration().toMillis());
    line.put("startup_ms", startupMillis);
    line.put("error", result.error());
    return line;
  }
}
