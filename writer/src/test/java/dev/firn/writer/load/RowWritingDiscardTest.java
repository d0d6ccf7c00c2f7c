package dev.firn.writer.load;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.boundary.FencedTable;
import dev.firn.writer.WriteMode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A discarded batch deletes what it wrote, one file at a time, past any delete that fails. */
class RowWritingDiscardTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()), required(2, "region", Types.StringType.get()));
  private static final PartitionSpec BY_REGION =
      PartitionSpec.builderFor(SCHEMA).identity("region").build();

  // In-memory files are shared by the whole JVM: the warehouse is this test's own.
  private final String warehouse = "s3://warehouse/" + UUID.randomUUID();
  private final InMemoryFileIO storage = new InMemoryFileIO();
  private InMemoryCatalog catalog;

  @BeforeEach
  void createCatalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize("mem", Map.of(CatalogProperties.WAREHOUSE_LOCATION, warehouse));
    catalog.createNamespace(Namespace.of("raw"));
  }

  @AfterEach
  void closeCatalog() throws Exception {
    catalog.close();
  }

  @Test
  void aFileThatCannotBeDeletedKeepsNoOther() {
    FencedTable table = FencedTable.of(catalog.createTable(raw("orders"), SCHEMA, BY_REGION));
    RowWriting writing = written(table, "north", "south", "east");
    List<DataFile> files = writing.dataFiles();
    storage.deleteFile(files.get(0).location());

    writing.discard();

    assertThat(files).hasSize(3).noneMatch(file -> storage.fileExists(file.location()));
  }

  @Test
  void filesOutsideTheTableLocationAreRefusedAndTheRestStillGo() {
    // A table whose metadata sends data elsewhere, as another tool may have written it.
    String elsewhere = warehouse + "/raw/customers/data";
    FencedTable table =
        FencedTable.of(
            catalog.createTable(
                raw("orders"),
                SCHEMA,
                BY_REGION,
                Map.of(TableProperties.WRITE_DATA_LOCATION, elsewhere)));
    RowWriting writing = written(table, "north", "south", "east");
    List<DataFile> files = writing.dataFiles();

    writing.discard();

    assertThat(files).hasSize(3).allMatch(file -> storage.fileExists(file.location()));
    assertThat(table.io().refusedCount()).isEqualTo(3);
    assertThat(table.refused()).allMatch(refusal -> refusal.path().startsWith(elsewhere + "/"));
  }

  /** A finished append with one row in each region, so one file in each. */
  private static RowWriting written(FencedTable table, String... regions) {
    RowWriting writing = new RowWriting(table.table(), WriteMode.APPEND, List.of(), "discard");
    long id = 0;
    for (String region : regions) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", id++);
      row.setField("region", region);
      writing.write(row);
    }
    writing.finish();
    return writing;
  }

  private static TableIdentifier raw(String name) {
    return TableIdentifier.of("raw", name);
  }
}
