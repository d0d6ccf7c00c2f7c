package dev.firn.maintenance.engine;

import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.schedule.JobRunner;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Sends each maintenance job to the engine that suits its table: large tables, whose current
 * snapshot holds at least a given size of files, to the Spark engine; the others to Firn's own jobs
 * in process. Metadata cleanup always stays in process: Spark has no action for it.
 */
public final class EngineRouter implements JobRunner {
  private final Catalog catalog;
  private final long minTableSize;
  private final JobRunner spark;
  private final JobRunner local;

  /**
   * @param minTableSize the size in bytes from which a table's jobs go to Spark
   * @param spark runs jobs on the Spark engine
   * @param local runs jobs in process
   */
  public EngineRouter(Catalog catalog, long minTableSize, JobRunner spark, JobRunner local) {
    this.catalog = catalog;
    this.minTableSize = minTableSize;
    this.spark = spark;
    this.local = local;
  }

  @Override
  public JobResult run(TableIdentifier table, JobKind kind, boolean dryRun) {
    return (onSpark(table, kind) ? spark : local).run(table, kind, dryRun);
  }

  /** Whether a job on a table goes to Spark. */
  boolean onSpark(TableIdentifier table, JobKind kind) {
    if (kind == JobKind.METADATA) {
      return false;
    }
    try {
      return size(catalog.loadTable(table)) >= minTableSize;
    } catch (RuntimeException e) {
      // Firn's own runner loads the table again and reports why it cannot.
      return false;
    }
  }

  /** The bytes of data and delete files in the table's current snapshot; 0 when unknown. */
  static long size(Table table) {
    Snapshot current = table.currentSnapshot();
    String total =
        current == null || current.summary() == null
            ? null
            : current.summary().get(SnapshotSummary.TOTAL_FILE_SIZE_PROP);
    if (total == null) {
      return 0;
    }
    try {
      return Long.parseLong(total);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
