package dev.firn.maintenance.schedule;

import static org.apache.iceberg.types.Types.NestedField.required;

import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the scheduler's database tests share: an in-memory Iceberg catalog with the raw zone, and
 * pools on one database that each concrete test class provides (SQLite or PostgreSQL).
 */
abstract class DatabaseTests {
  static final String CATALOG = "mem";
  static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  static final Instant T0 = Instant.parse("2026-03-04T10:00:30Z");

  protected InMemoryCatalog catalog;
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A new connection pool on the test's database, as another Firn node would have. */
  protected abstract DataSource openDataSource();

  @BeforeEach
  void createCatalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize(
        CATALOG,
        Map.of(CatalogProperties.WAREHOUSE_LOCATION, "mem://" + UUID.randomUUID() + "/wh"));
    catalog.createNamespace(Namespace.of("raw"));
  }

  @AfterEach
  void closeAll() throws Exception {
    List<AutoCloseable> reversed = new ArrayList<>(opened);
    Collections.reverse(reversed);
    for (AutoCloseable closeable : reversed) {
      closeable.close();
    }
    catalog.close();
  }

  DataSource dataSource() {
    DataSource dataSource = openDataSource();
    if (dataSource instanceof AutoCloseable closeable) {
      opened.add(closeable);
    }
    return dataSource;
  }

  Scheduler scheduler(String node, Clock clock, JobRunner runner, MaintenanceMetrics metrics) {
    SchedulerConfig config =
        SchedulerConfig.builder(CATALOG)
            .node(node)
            .parallelism(3)
            .retryDelay(Duration.ofMinutes(5), Duration.ofHours(1))
            .maxAttempts(3)
            .build();
    Scheduler scheduler =
        new Scheduler(
            new ZoneTables(catalog, new PolicyResolver(PolicyDefaults.standard())),
            runner,
            dataSource(),
            clock,
            config,
            metrics);
    opened.add(scheduler);
    return scheduler;
  }

  /** A namespace under raw with policy properties, and a table in it. */
  TableIdentifier table(String namespace, String name, Map<String, String> policy) {
    Namespace ns = Namespace.of("raw", namespace);
    if (!catalog.namespaceExists(ns)) {
      catalog.createNamespace(ns, policy);
    }
    TableIdentifier id = TableIdentifier.of(ns, name);
    catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    return id;
  }

  /** Commits one append of small data files (metadata only: no job reads them here). */
  static List<DataFile> appendFiles(Table table, int count, long bytesEach) {
    var append = table.newAppend();
    List<DataFile> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(file(table, bytesEach));
      append.appendFile(files.get(i));
    }
    append.commit();
    return files;
  }

  static DataFile file(Table table, long bytes) {
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(bytes)
        .withRecordCount(10)
        .build();
  }
}
