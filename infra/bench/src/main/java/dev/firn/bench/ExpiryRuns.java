package dev.firn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The measured runs: orphan listing on the generated table, then expiry, each engine once per
 * repetition, the order alternating from one repetition to the next. Orphan listing changes
 * nothing, so every run lists the same table; every expiry gets a fresh copy. After each pair the
 * engines' findings are compared: a run that finds other files than the other engine, or than the
 * generator planted, does not count, and the mismatch is reported as a warning.
 */
final class ExpiryRuns {
  private final HistoryTable table;
  private final ExpiryCopies copies;
  private final MaintenanceLauncher launcher;
  private final PrintStream progress;
  private final List<String> warnings = new ArrayList<>();

  ExpiryRuns(
      HistoryTable table, ExpiryCopies copies, MaintenanceLauncher launcher, PrintStream progress) {
    this.table = table;
    this.copies = copies;
    this.launcher = launcher;
    this.progress = progress;
  }

  /** Each job's measured runs per engine; with {@code warmUp}, a left-out repetition 0 first. */
  Map<MaintenanceJob, Map<Engine, List<MaintenanceMeasurement>>> run(
      boolean warmUp, int repetitions) throws IOException, InterruptedException {
    Map<MaintenanceJob, Map<Engine, List<MaintenanceMeasurement>>> measured =
        new EnumMap<>(MaintenanceJob.class);
    for (MaintenanceJob job : List.of(MaintenanceJob.ORPHANS, MaintenanceJob.EXPIRY)) {
      Map<Engine, List<MaintenanceMeasurement>> byEngine = new EnumMap<>(Engine.class);
      for (Engine engine : Engine.values()) {
        byEngine.put(engine, new ArrayList<>());
      }
      for (int repetition = warmUp ? 0 : 1; repetition <= repetitions; repetition++) {
        Map<Engine, MaintenanceMeasurement> pair = pair(job, repetition, repetitions);
        if (repetition > 0) {
          pair.forEach((engine, run) -> byEngine.get(engine).add(run));
        }
      }
      measured.put(job, byEngine);
    }
    return measured;
  }

  /** Mismatches and other problems found along the way. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  private Map<Engine, MaintenanceMeasurement> pair(
      MaintenanceJob job, int repetition, int repetitions)
      throws IOException, InterruptedException {
    List<Engine> order =
        repetition % 2 == 1
            ? List.of(Engine.FIRN, Engine.SPARK)
            : List.of(Engine.SPARK, Engine.FIRN);
    Map<Engine, MaintenanceMeasurement> pair = new EnumMap<>(Engine.class);
    for (Engine engine : order) {
      progress.printf(
          "%s with %s, %s...%n",
          job.title(),
          engine.label(),
          repetition == 0 ? "warm-up" : "repetition " + repetition + " of " + repetitions);
      String target =
          job == MaintenanceJob.EXPIRY ? copies.copy(table).toString() : table.id().toString();
      long cutoff =
          job == MaintenanceJob.EXPIRY ? table.expiryCutoffMillis() : table.orphanCutoffMillis();
      MaintenanceMeasurement run = launcher.run(engine, job, target, cutoff, repetition);
      pair.put(engine, run);
    }
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
    return pair;
  }
}
