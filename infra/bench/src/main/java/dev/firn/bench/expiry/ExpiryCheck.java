package dev.firn.bench.expiry;

import dev.firn.bench.core.Engine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks one pair of runs, Firn's and Spark's, of the same job against each other and against what
 * the generator made: orphan listing must find exactly the planted orphans, expiry must remove
 * exactly the snapshots older than the cutoff, and both engines must find as many files to delete.
 */
final class ExpiryCheck {
  private ExpiryCheck() {}

  /**
   * What is wrong with a pair.
   *
   * @param problems the runs that do not count, with why
   * @param warnings every problem and every disagreement between the engines, in words
   */
  record Verdict(Map<Engine, String> problems, List<String> warnings) {
    boolean clean() {
      return problems.isEmpty() && warnings.isEmpty();
    }
  }

  static Verdict of(
      HistoryTable table, MaintenanceJob job, Map<Engine, MaintenanceMeasurement> pair) {
    Map<Engine, String> problems = new EnumMap<>(Engine.class);
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<Engine, MaintenanceMeasurement> entry : pair.entrySet()) {
      MaintenanceMeasurement run = entry.getValue();
      if (!run.succeeded()) {
        continue;
      }
      String problem = problem(table, job, run.line());
      if (problem != null) {
        problems.put(entry.getKey(), problem);
        warnings.add(entry.getKey().label() + " " + problem);
      }
    }
    MaintenanceMeasurement firn = pair.get(Engine.FIRN);
    MaintenanceMeasurement spark = pair.get(Engine.SPARK);
    if (firn != null
        && spark != null
        && firn.succeeded()
        && spark.succeeded()
        && firn.line().filesFound() != spark.line().filesFound()) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "Firn found %,d files to delete, Spark %,d",
              firn.line().filesFound(),
              spark.line().filesFound()));
    }
    return new Verdict(problems, warnings);
  }

  /** What is wrong with a run that says it succeeded, or null. */
  private static String problem(HistoryTable table, MaintenanceJob job, MaintenanceLine line) {
    if (job != MaintenanceJob.ORPHANS) {
      return mismatch(
          "expired %,d snapshots, not the %,d older than the cutoff",
          line.snapshotsExpired(), table.expiringSnapshots());
    }
    String found =
        mismatch("found %,d orphans, not the %,d planted", line.filesFound(), table.orphans());
    return found != null || line.filesListed() < 0
        ? found
        : mismatch(
            "listed %,d files, not the %,d under the location",
            line.filesListed(), table.objects());
  }

  private static String mismatch(String format, long actual, long expected) {
    return actual == expected ? null : String.format(Locale.ROOT, format, actual, expected);
  }
}
