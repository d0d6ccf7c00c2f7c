package dev.firn.bench.core;

import java.util.List;

/**
 * A scenario's figures and the counts behind them.
 *
 * @param title the scenario, as the report's heading
 * @param rows throughput and latency figures
 * @param notes counts and checks, one line each
 */
public record ScenarioResult(String title, List<FigureRow> rows, List<String> notes) {
  public ScenarioResult {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }
}
