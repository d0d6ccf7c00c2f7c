package dev.firn.maintenance.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.boundary.FencedTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.junit.jupiter.api.Test;

class UncommittedFilesTest {
  // In-memory files are shared by the whole JVM: the warehouse is this test's own.
  private final String warehouse = "s3://warehouse/" + UUID.randomUUID();
  private final InMemoryFileIO storage = new InMemoryFileIO();

  @Test
  void deletesEveryOwnFilePastOneThatFailsAndOneTheFenceRefuses() throws Exception {
    try (InMemoryCatalog catalog = new InMemoryCatalog()) {
      catalog.initialize("mem", Map.of(CatalogProperties.WAREHOUSE_LOCATION, warehouse));
      catalog.createNamespace(Namespace.of("raw"));
      Table loaded =
          catalog.createTable(
              TableIdentifier.of("raw", "orders"),
              CompactionFixture.SCHEMA,
              PartitionSpec.unpartitioned());
      FencedTable fenced = FencedTable.of(loaded);
      String own = loaded.location() + "/data/";
      String foreign = warehouse + "/raw/customers/data/c.parquet";
      write(own + "a.parquet");
      write(foreign);
      write(own + "b.parquet");

      UncommittedFiles.delete(
          fenced.table(),
          List.of(
              file(loaded, own + "a.parquet"),
              file(loaded, own + "never-written.parquet"),
              file(loaded, foreign),
              file(loaded, own + "b.parquet")));

      assertThat(storage.fileExists(own + "a.parquet")).isFalse();
      assertThat(storage.fileExists(own + "b.parquet")).isFalse();
      assertThat(storage.fileExists(foreign)).isTrue();
      assertThat(fenced.io().refusedCount()).isEqualTo(1);
    }
  }

  private void write(String path) {
    storage.addFile(path, "x".getBytes(StandardCharsets.UTF_8));
  }

  private static DataFile file(Table table, String path) {
    return DataFiles.builder(table.spec())
        .withPath(path)
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(1)
        .withRecordCount(1)
        .build();
  }
}
