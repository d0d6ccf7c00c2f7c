package dev.firn.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects what a running job counts and does, and turns it into a {@link JobResult}. */
public final class JobReport {
  private final String table;
  private final JobKind kind;
  private final boolean dryRun;
  private final Clock clock;
  private final Instant started;
  private final Map<Measure, Long> counts = new EnumMap<>(Measure.class);
  private final List<Long> snapshotIds = new ArrayList<>();
  private final List<String> details = new ArrayList<>();

  public JobReport(String table, JobKind kind, boolean dryRun, Clock clock) {
    this.table = table;
    this.kind = kind;
    this.dryRun = dryRun;
    this.clock = clock;
    this.started = clock.instant();
  }

  public synchronized JobReport add(Measure measure, long amount) {
    counts.merge(measure, amount, Long::sum);
    return this;
  }

  public synchronized JobReport snapshot(long snapshotId) {
    snapshotIds.add(snapshotId);
    return this;
  }

  public synchronized JobReport detail(String line) {
    details.add(line);
    return this;
  }

  public boolean dryRun() {
    return dryRun;
  }

  public synchronized JobResult done() {
    return result(null);
  }

  public synchronized JobResult failed(Throwable error) {
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    return result(error.getClass().getSimpleName() + ": " + message);
  }

  private JobResult result(String error) {
    return new JobResult(
        table,
        kind,
        dryRun,
        started,
        Duration.between(started, clock.instant()),
        counts,
        snapshotIds,
        details,
        error);
  }
}
