package dev.firn.maintenance.schedule;

import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What a tick did with one table that had jobs due.
 *
 * @param table the table
 * @param runs the jobs that ran, in order; empty when, once the lease was held, none was due any
 *     more because another node had just run them
 * @param busyWith the node holding the table when the tick skipped it, {@code null} otherwise
 * @param error why the table's work stopped early, {@code null} otherwise
 */
public record TableOutcome(
    TableIdentifier table, List<CompletedRun> runs, String busyWith, String error) {

  public TableOutcome {
    runs = List.copyOf(runs);
  }

  static TableOutcome ran(TableIdentifier table, List<CompletedRun> runs) {
    return new TableOutcome(table, runs, null, null);
  }

  static TableOutcome busy(TableIdentifier table, String holder) {
    return new TableOutcome(table, List.of(), holder, null);
  }

  static TableOutcome failed(TableIdentifier table, List<CompletedRun> runs, String error) {
    return new TableOutcome(table, runs, null, error);
  }

  /** Whether the tick skipped the table because another job held it. */
  public boolean busy() {
    return busyWith != null;
  }
}
