package dev.firn.maintenance.schedule;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.Measure;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what maintenance did on this node: runs by job and outcome, what jobs counted by job
 * and measure, and runs skipped because another job held the table. Rendered in Prometheus's text
 * format, for the catalog's metrics endpoint to append.
 */
public final class MaintenanceMetrics {
  private final LongAdder[][] runs = adders(JobKind.values().length, RunStatus.values().length);
  private final LongAdder[][] measures = adders(JobKind.values().length, Measure.values().length);
  private final LongAdder busy = new LongAdder();

  /** Counts a finished run; a dry run's counts are what it would have done, and are left out. */
  void record(RunRecord run) {
    runs[run.kind().ordinal()][run.status().ordinal()].increment();
    if (!run.dryRun()) {
      run.counts()
          .forEach((measure, n) -> measures[run.kind().ordinal()][measure.ordinal()].add(n));
    }
  }

  void skippedBusy() {
    busy.increment();
  }

  public long runs(JobKind kind, RunStatus status) {
    return runs[kind.ordinal()][status.ordinal()].sum();
  }

  public long measure(JobKind kind, Measure measure) {
    return measures[kind.ordinal()][measure.ordinal()].sum();
  }

  /** Tables skipped because another job, on this node or another, held them. */
  public long busy() {
    return busy.sum();
  }

  /** The counters in Prometheus's text exposition format; measures never counted are left out. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP firn_maintenance_runs_total Maintenance job runs by job and outcome.\n");
    out.append("# TYPE firn_maintenance_runs_total counter\n");
    for (JobKind kind : JobKind.values()) {
      for (RunStatus status : new RunStatus[] {RunStatus.SUCCEEDED, RunStatus.FAILED}) {
        out.append("firn_maintenance_runs_total{job=\"")
            .append(kind.label())
            .append("\",status=\"")
            .append(status.label())
            .append("\"} ")
            .append(runs(kind, status))
            .append('\n');
      }
    }
    out.append("# HELP firn_maintenance_measure_total What maintenance jobs counted.\n");
    out.append("# TYPE firn_maintenance_measure_total counter\n");
    for (JobKind kind : JobKind.values()) {
      for (Measure measure : Measure.values()) {
        long value = measure(kind, measure);
        if (value != 0) {
          out.append("firn_maintenance_measure_total{job=\"")
              .append(kind.label())
              .append("\",measure=\"")
              .append(measure.label())
              .append("\"} ")
              .append(value)
              .append('\n');
        }
      }
    }
    out.append("# HELP firn_maintenance_busy_total Tables skipped while another job held them.\n");
    out.append("# TYPE firn_maintenance_busy_total counter\n");
    out.append("firn_maintenance_busy_total ").append(busy()).append('\n');
    return out.toString();
  }

  private static LongAdder[][] adders(int rows, int columns) {
    LongAdder[][] adders = new LongAdder[rows][columns];
    for (LongAdder[] row : adders) {
      for (int i = 0; i < columns; i++) {
        row[i] = new LongAdder();
      }
    }
    return adders;
  }
}
