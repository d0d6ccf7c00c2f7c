package dev.firn.bench;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.firn.catalog.iceberg.FirnCatalog;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/** The tables the benchmark reads and writes, created the same way in both catalogs. */
final class BenchTables {
  static final Namespace NAMESPACE = Namespace.of("bench");
  static final TableIdentifier LOADED_TABLE = TableIdentifier.of(NAMESPACE, "events");

  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "ts", Types.TimestampType.withZone()),
          optional(3, "kind", Types.StringType.get()),
          optional(4, "payload", Types.StringType.get()),
          optional(5, "amount", Types.DecimalType.of(18, 2)));

  // Concurrent writers conflict on every commit; enough quick retries let each one land.
  static final Map<String, String> COMMIT_RETRY =
      Map.of(
          TableProperties.COMMIT_NUM_RETRIES, "100",
          TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "5",
          TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "200");

  // The loaded table's snapshots are committed this many at a time, in one transaction each:
  // one commit per snapshot would write a metadata file per snapshot, growing quadratically.
  static final int SNAPSHOTS_PER_TRANSACTION = 100;

  private BenchTables() {}

  static void createNamespace(RESTCatalog catalog) {
    if (!catalog.namespaceExists(NAMESPACE)) {
      catalog.createNamespace(NAMESPACE);
    }
  }

  /** Creates the loaded table with this many append snapshots; returns the snapshots it has. */
  static int createLoadedTable(RESTCatalog catalog, int snapshots) {
    Table table = catalog.buildTable(LOADED_TABLE, SCHEMA).withProperties(COMMIT_RETRY).create();
    int appended = 0;
    while (appended < snapshots) {
      Transaction transaction = table.newTransaction();
      int batch = Math.min(SNAPSHOTS_PER_TRANSACTION, snapshots - appended);
      for (int i = 0; i < batch; i++) {
        transaction.newAppend().appendFile(fakeDataFile(table, appended + i)).commit();
      }
      transaction.commitTransaction();
      appended += batch;
    }
    return snapshotCount(catalog.loadTable(LOADED_TABLE));
  }

  /**
   * A table for commit measurements. It opts in to Firn's rebased appends, which a Firn catalog
   * gives only raw tables by default; the reference server ignores the property.
   */
  static Table createCommitTable(RESTCatalog catalog, TableIdentifier table) {
    return catalog
        .buildTable(table, SCHEMA)
        .withProperties(COMMIT_RETRY)
        .withProperty(FirnCatalog.REBASE_APPENDS_PROPERTY, "true")
        .create();
  }

  /** A data file entry for a file that does not exist: commits never read data. */
  static DataFile fakeDataFile(Table table, long number) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath(table.location() + "/data/x-" + number + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(100)
        .withRecordCount(1)
        .build();
  }

  static int snapshotCount(Table table) {
    int count = 0;
    for (var snapshot : table.snapshots()) {
      count++;
    }
    return count;
  }
}
