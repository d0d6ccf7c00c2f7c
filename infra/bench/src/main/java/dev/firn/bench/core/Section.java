package dev.firn.bench.core;

import java.util.List;

/**
 * What one scenario's run gives the suite's document.
 *
 * @param setup how it ran, one line each
 * @param tables its tables, each a figure per row with both sides' repetitions
 * @param warnings what went wrong, if anything
 */
public record Section(List<String> setup, List<ScenarioResult> tables, List<String> warnings) {
  public Section {
    setup = List.copyOf(setup);
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }
}
