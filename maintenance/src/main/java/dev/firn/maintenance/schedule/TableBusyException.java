package dev.firn.maintenance.schedule;

import org.apache.iceberg.catalog.TableIdentifier;

/** Another job holds the table's maintenance lease, on this node or another. */
public final class TableBusyException extends RuntimeException {
  private final TableIdentifier table;
  private final String holder;

  public TableBusyException(TableIdentifier table, String holder) {
    super("Table " + table + " is busy: " + holder + " holds its maintenance lease");
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
