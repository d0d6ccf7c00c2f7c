package dev.firn.maintenance.schedule;

import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Another job holds the table's maintenance lease, on this node or another. A conflict like a lost
 * commit race, so the catalog's error table answers it with 409.
 */
public final class TableBusyException extends CommitFailedException {
  private final TableIdentifier table;
  private final String holder;

  public TableBusyException(TableIdentifier table, String holder) {
    super("Table %s is busy: %s holds its maintenance lease", table, holder);
    this.table = table;
    this.holder = holder;
  }

  public TableIdentifier table() {
    return table;
  }

  /** The node holding the lease. */
  public String holder() {
    return holder;
  }
}
