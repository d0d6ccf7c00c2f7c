package dev.firn.bench.expiry;

import dev.firn.bench.core.ChildJvms;
import dev.firn.bench.core.ChildRun;
import dev.firn.bench.core.Engine;
import dev.firn.bench.core.FirnStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs expiries and orphan listings in child JVMs, one child at a time, with the same heap limit:
 * Firn's ({@link FirnMaintenanceRun}) on the harness's classpath, Spark's ({@code
 * SparkMaintenanceRun}, {@code local[2]}) on its module's classpath. A child runs a list of jobs
 * one after the other, bounded by a timeout per job.
 */
record MaintenanceLauncher(FirnStack stack) {
  /**
   * Spark's actions join file lists: with its default of 200 shuffle partitions, most of a small
   * local job would be task overhead. Four suit {@code local[2]}, as a user would set them.
   */
  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions=4";

  static final String SPARK_MAIN_CLASS = "dev.firn.bench.spark.SparkMaintenanceRun";

  /**
   * One job of a child process.
   *
   * @param job what runs
   * @param table the table it works on
   * @param cutoffMillis its cutoff, epoch milliseconds
   */
  record Target(MaintenanceJob job, String table, long cutoffMillis) {}

  /**
   * Runs the jobs one after the other in one child process of the engine; returns one measurement
   * per job, in order, each with the process's life and peak memory.
   */
  List<MaintenanceMeasurement> run(Engine engine, List<Target> targets, int repetition)
      throws IOException, InterruptedException {
    ChildJvms children = stack.children();
    ChildRun child =
        children.run(
            "jobs-" + engine.name(),
            gcLog ->
                engine == Engine.FIRN
                    ? children.firn(FirnMaintenanceRun.class, gcLog, firnArguments(targets))
                    : children.spark(
                        SPARK_MAIN_CLASS,
                        gcLog,
                        sparkArguments(targets),
                        List.of(SHUFFLE_PARTITIONS)),
            ExpirySettings.RUN_TIMEOUT.multipliedBy(targets.size()));
    List<MaintenanceLine> lines = MaintenanceLine.all(child.output());
    List<MaintenanceMeasurement> measured = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      MaintenanceJob job = targets.get(i).job();
      MaintenanceLine line = i < lines.size() && lines.get(i).job() == job ? lines.get(i) : null;
      MaintenanceMeasurement run =
          new MaintenanceMeasurement(engine, job, repetition, line, child.figures(), null);
      String failure =
          child.failure(
              ExpirySettings.RUN_TIMEOUT.toMinutes() + " minutes per job",
              line != null,
              line != null && line.outcome().succeeded(),
              line == null ? null : line.outcome().error());
      // The process exits non-zero for any job's failure; a job whose line succeeded counts.
      boolean counts = failure == null || (child.exitCode() != null && line.outcome().succeeded());
      measured.add(counts ? run : run.failed(failure));
    }
    return measured;
  }

  private List<String> firnArguments(List<Target> targets) {
    List<String> arguments = new ArrayList<>(List.of(stack.catalogUri(), FirnStack.warehouse()));
    for (Target target : targets) {
      arguments.addAll(
          List.of(target.job().option(), target.table(), Long.toString(target.cutoffMillis())));
    }
    return arguments;
  }

  private List<String> sparkArguments(List<Target> targets) {
    return List.of(
        "--catalog-uri",
        stack.catalogUri(),
        "--warehouse",
        FirnStack.warehouse(),
        "--table",
        joined(targets, Target::table),
        "--job",
        joined(targets, target -> target.job().option()),
        "--older-than",
        joined(targets, target -> Long.toString(target.cutoffMillis())),
        "--retain-last",
        Integer.toString(ExpirySettings.RETAIN_LAST));
  }

  private static String joined(List<Target> targets, Function<Target, String> item) {
    return String.join(",", targets.stream().map(item).toList());
  }
}
