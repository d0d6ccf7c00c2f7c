package dev.firn.bench.core;

import java.util.List;

/**
 * A scenario's figures and the counts behind them.
 *
 * @param title the scenario, as the report's heading
 * @param variant which of its scenario's tables it is, for the goals
 * @param rows throughput and latency figures
 * @param notes counts and checks, one line each
 */
public record ScenarioResult(
    String title, TableVariant variant, List<FigureRow> rows, List<String> notes) {
  public ScenarioResult {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }

  /** The result of a scenario whose tables are all alike to its goals. */
  public ScenarioResult(String title, List<FigureRow> rows, List<String> notes) {
    this(title, TableVariant.ANY, rows, notes);
  }
}
