package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.Measure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.iceberg.catalog.TableIdentifier;

/** A job runner that records what it was asked to run, and fails where a test says. */
final class RecordingRunner implements JobRunner {
  private final Clock clock;
  private final BiPredicate<TableIdentifier, JobKind> fails;
  private final List<String> calls = new ArrayList<>();

  RecordingRunner(Clock clock) {
    this(clock, (table, kind) -> false);
  }

  RecordingRunner(Clock clock, BiPredicate<TableIdentifier, JobKind> fails) {
    this.clock = clock;
    this.fails = fails;
  }

  @Override
  public JobResult run(TableIdentifier table, JobKind kind, boolean dryRun) {
    synchronized (calls) {
      calls.add(table + " " + kind.label() + (dryRun ? " (dry run)" : ""));
    }
    if (fails.test(table, kind)) {
      throw new IllegalStateException("disk full");
    }
    return new JobReport(table.toString(), kind, dryRun, clock)
        .add(Measure.FILES_LISTED, 1)
        .detail("looked at " + table)
        .done();
  }

  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  void clear() {
    synchronized (calls) {
      calls.clear();
    }
  }
}
