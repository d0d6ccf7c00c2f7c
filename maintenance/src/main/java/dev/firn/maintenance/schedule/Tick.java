package dev.firn.maintenance.schedule;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The work one scheduler tick found due and handed to the job executor, one entry per table.
 *
 * @param at the time the tick planned at
 * @param tables each due table's work, done when the table's jobs have run or were skipped
 */
public record Tick(Instant at, List<CompletableFuture<TableOutcome>> tables) {
  public Tick {
    tables = List.copyOf(tables);
  }

  /** Waits for the work this tick started and returns what became of each table. */
  public List<TableOutcome> await() {
    return tables.stream().map(CompletableFuture::join).toList();
  }
}
