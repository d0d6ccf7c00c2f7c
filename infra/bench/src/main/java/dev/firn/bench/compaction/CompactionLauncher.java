package dev.firn.bench.compaction;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.ChildRun;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FirnStack;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Runs compactions in child JVMs, one at a time: Firn's ({@link FirnCompactionRun}) on the
 * harness's classpath, Spark's ({@code SparkCompactionRun}, {@code local[2]}) on its module's
 * classpath.
 */
record CompactionLauncher(FirnStack stack, CompactionSettings settings) {
  static final String SPARK_MAIN_CLASS = "dev.firn.bench.spark.SparkCompactionRun";

  CompactionMeasurement run(Engine engine, String table, int repetition)
      throws IOException, InterruptedException {
    ChildJvms children = stack.children();
    List<String> arguments =
        engine.firn()
            ? List.of(
                stack.catalogUri(),
                FirnStack.warehouse(),
                table,
                Long.toString(settings.targetFileSize()),
                Integer.toString(CompactionSettings.MIN_INPUT_FILES),
                Integer.toString(ChildJvms.SPARK_THREADS),
                Boolean.toString(engine == Engine.FIRN))
            : List.of(
                "--catalog-uri", stack.catalogUri(),
                "--warehouse", FirnStack.warehouse(),
                "--table", table,
                "--target-file-size", Long.toString(settings.targetFileSize()),
                "--min-input-files", Integer.toString(CompactionSettings.MIN_INPUT_FILES));
    ChildRun child =
        children.run(
            "compaction-" + engine.name(),
            gcLog ->
                engine.firn()
                    ? children.firn(FirnCompactionRun.class, gcLog, arguments)
                    : children.spark(SPARK_MAIN_CLASS, gcLog, arguments, List.of()),
            CompactionSettings.RUN_TIMEOUT);
    Optional<CompactionLine> line = CompactionLine.find(child.output());
    CompactionMeasurement measured =
        new CompactionMeasurement(engine, repetition, line.orElse(null), child.figures(), null);
    String failure =
        child.failure(
            CompactionSettings.RUN_TIMEOUT.toMinutes() + " minutes",
            line.isPresent(),
            line.map(found -> found.outcome().succeeded()).orElse(false),
            line.map(found -> found.outcome().error()).orElse(null));
    return failure == null ? measured : measured.failed(failure);
  }
}
