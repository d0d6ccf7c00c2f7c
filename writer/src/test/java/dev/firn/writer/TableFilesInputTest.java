package dev.firn.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/**
 * A table's own files are never read as input: its data folder holds files that snapshots replaced
 * and deletes that hide rows, so a copy through them would bring those rows back.
 */
class TableFilesInputTest extends WriterTestBase {
  private static final TableIdentifier SOURCE = raw("events");

  @Test
  void everyWayToNameATablesFilesIsRefused() throws IOException {
    Path first = Files.write(dir.resolve("a.ndjson"), List.of("{\"id\": 1}", "{\"id\": 2}"));
    writer.ingest(SOURCE).files(List.of(first.toString())).createIfMissing(true).commit();
    Path second = Files.write(dir.resolve("b.ndjson"), List.of("{\"id\": 3}"));
    writer.ingest(SOURCE).files(List.of(second.toString())).mode(WriteMode.OVERWRITE).commit();
    Table table = catalog.loadTable(SOURCE);
    String location = table.location();
    String dataFile =
        table.currentSnapshot().addedDataFiles(table.io()).iterator().next().location();
    String warehouse = location.substring(0, location.lastIndexOf('/'));

    for (String input :
        List.of(
            location + "/data/",
            location + "/data/*.parquet",
            location + "/",
            location + "/data/**",
            dataFile,
            warehouse + "/")) {
      assertThatThrownBy(
              () -> writer.ingest(raw("copy")).files(List.of(input)).createIfMissing(true).apply())
          .as(input)
          .isInstanceOf(dev.firn.writer.input.BadInputException.class)
          .hasMessageContaining("is inside the Iceberg table at")
          .hasMessageContaining("Copy a table through an engine");
    }
    assertThat(catalog.tableExists(raw("copy"))).isFalse();
  }

  @Test
  void aLocalTableFolderIsRefusedToo() throws IOException {
    Path table = Files.createDirectories(dir.resolve("warehouse/db/t"));
    Files.createDirectories(table.resolve("metadata"));
    Files.writeString(table.resolve("metadata/v1.metadata.json"), "{}");
    Path data = Files.createDirectories(table.resolve("data"));
    Files.write(data.resolve("part.ndjson"), List.of("{\"id\": 1}"));

    assertThatThrownBy(
            () ->
                writer
                    .ingest(raw("copy"))
                    .files(List.of(data.toString()))
                    .createIfMissing(true)
                    .apply())
        .hasMessageContaining("is inside the Iceberg table at " + table);
  }
}
