package dev.firn.bench.catalog;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.firn.bench.core.CallerRunsExecutor;
import dev.firn.bench.core.UnpublishedOperations;
import dev.firn.catalog.rebase.AppendRebase;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
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

  private static final int UPLOAD_THREADS = 8;
  private static final CallerRunsExecutor CALLER_RUNS = new CallerRunsExecutor();

  private BenchTables() {}

  static void createNamespace(RESTCatalog catalog) {
    if (!catalog.namespaceExists(NAMESPACE)) {
      catalog.createNamespace(NAMESPACE);
    }
  }

  /**
   * Writes the loaded table with this many append snapshots under this catalog's warehouse and
   * returns its metadata file, registered in no catalog. Iceberg's own appends build it in memory
   * and write each snapshot's manifests and manifest list, uploaded on several threads; only the
   * last version's metadata file is written, where a commit per snapshot would write a growing file
   * each time.
   */
  static String writeLoadedTable(RESTCatalog catalog, int snapshots) {
    Table created = catalog.buildTable(LOADED_TABLE, SCHEMA).withProperties(COMMIT_RETRY).create();
    TableOperations createdOps = ((HasTableOperations) created).operations();
    String metadata;
    try (ParallelUploadIO io = new ParallelUploadIO(createdOps.io(), UPLOAD_THREADS)) {
      UnpublishedOperations ops = new UnpublishedOperations(createdOps.current(), io);
      Table table = new BaseTable(ops, LOADED_TABLE.toString());
      for (int i = 0; i < snapshots; i++) {
        table
            .newAppend()
            .scanManifestsWith(CALLER_RUNS)
            .writeManifestsWith(CALLER_RUNS, 1)
            .appendFile(fakeDataFile(table, i))
            .commit();
      }
      metadata = ops.publish();
      io.awaitUploads();
    }
    // The created table's first metadata file stays in the published one's log.
    catalog.dropTable(LOADED_TABLE, false);
    return metadata;
  }

  /** Registers the loaded table's metadata file; returns the snapshots the catalog then serves. */
  static int registerLoadedTable(RESTCatalog catalog, String metadata) {
    catalog.registerTable(LOADED_TABLE, metadata);
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
        .withProperty(AppendRebase.REBASE_APPENDS_PROPERTY, "true")
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
