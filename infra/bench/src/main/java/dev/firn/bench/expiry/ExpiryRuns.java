package dev.firn.bench.expiry;

import dev.firn.bench.core.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The measured runs: each engine once per repetition, the order alternating from one repetition to
 * the next. Each run is one child process that lists the generated table's orphans, then expires a
 * fresh copy of it. Orphan listing changes nothing, so every run lists the same table. After each
 * pair the engines' findings are compared, job by job: a job that finds other files than the other
 * engine, or than the generator planted, does not count, and the mismatch is reported as a warning.
 *
 * @param warnings the mismatches so far, in words; the runs add to it
 */
record ExpiryRuns(
    HistoryTable table,
    ExpiryCopies copies,
    MaintenanceLauncher launcher,
    PrintStream progress,
    List<String> warnings) {
  static final List<MaintenanceJob> JOBS = List.of(MaintenanceJob.ORPHANS, MaintenanceJob.EXPIRY);

  /** Each job's measured runs per engine; with {@code warmUp}, a left-out repetition 0 first. */
  Map<MaintenanceJob, Map<Engine, List<MaintenanceMeasurement>>> run(
      boolean warmUp, int repetitions) throws IOException, InterruptedException {
    Map<MaintenanceJob, Map<Engine, List<MaintenanceMeasurement>>> measured =
        new EnumMap<>(MaintenanceJob.class);
    for (MaintenanceJob job : JOBS) {
      Map<Engine, List<MaintenanceMeasurement>> byEngine = new EnumMap<>(Engine.class);
      for (Engine engine : Engine.values()) {
        byEngine.put(engine, new ArrayList<>());
      }
      measured.put(job, byEngine);
    }
    for (int repetition = warmUp ? 0 : 1; repetition <= repetitions; repetition++) {
      Map<MaintenanceJob, Map<Engine, MaintenanceMeasurement>> pairs =
          pairs(repetition, repetitions);
      if (repetition > 0) {
        pairs.forEach(
            (job, pair) -> pair.forEach((engine, run) -> measured.get(job).get(engine).add(run)));
      }
    }
    return measured;
  }

  private Map<MaintenanceJob, Map<Engine, MaintenanceMeasurement>> pairs(
      int repetition, int repetitions) throws IOException, InterruptedException {
    List<Engine> order =
        repetition % 2 == 1
            ? List.of(Engine.FIRN, Engine.SPARK)
            : List.of(Engine.SPARK, Engine.FIRN);
    Map<MaintenanceJob, Map<Engine, MaintenanceMeasurement>> pairs =
        new EnumMap<>(MaintenanceJob.class);
    JOBS.forEach(job -> pairs.put(job, new EnumMap<>(Engine.class)));
    for (Engine engine : order) {
      progress.printf(
          "Orphan listing, then snapshot expiry, with %s, %s...%n",
          engine.label(),
          repetition == 0 ? "warm-up" : "repetition " + repetition + " of " + repetitions);
      List<MaintenanceLauncher.Target> targets =
          List.of(
              new MaintenanceLauncher.Target(
                  MaintenanceJob.ORPHANS, table.id().toString(), table.orphanCutoffMillis()),
              new MaintenanceLauncher.Target(
                  MaintenanceJob.EXPIRY,
                  copies.copy(table).toString(),
                  table.expiryCutoffMillis()));
      List<MaintenanceMeasurement> runs = launcher.run(engine, targets, repetition);
      for (MaintenanceMeasurement run : runs) {
        pairs.get(run.job()).put(engine, run);
      }
    }
    pairs.forEach((job, pair) -> check(job, pair, repetition));
    return pairs;
  }

  private void check(MaintenanceJob job, Map<Engine, MaintenanceMeasurement> pair, int repetition) {
    ExpiryCheck.Verdict verdict = ExpiryCheck.of(table, job, pair);
    for (Map.Entry<Engine, String> problem : verdict.problems().entrySet()) {
      MaintenanceMeasurement failed = pair.get(problem.getKey()).failed(problem.getValue());
      pair.put(problem.getKey(), failed);
    }
    verdict
        .warnings()
        .forEach(
            warning -> {
              String text = job.title() + ", repetition " + repetition + ": " + warning;
              progress.println("WARNING: MISMATCH: " + text);
              warnings.add(text);
            });
    pair.values().forEach(run -> progress.println("  " + run.describe()));
  }
}
