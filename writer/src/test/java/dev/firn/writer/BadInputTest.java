package dev.firn.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.writer.input.BadInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed inputs: a clear error naming the file and line under fail, and the table unchanged. */
class BadInputTest extends WriterTestBase {
  private final TableIdentifier id = raw("events");
  private long snapshotBefore;

  @BeforeEach
  void seed() throws IOException {
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, "{\"id\": 0, \"name\": \"seed\"}\n");
    writer.ingest(id).files(List.of(seed.toString())).createIfMissing(true).commit();
    snapshotBefore = catalog.loadTable(id).currentSnapshot().snapshotId();
  }

  @Test
  void aBadJsonLineNamesTheFileAndLine() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3,, }\n{\"id\": 4}\n");

    assertThatThrownBy(() -> writer.ingest(id).files(List.of(file.toString())).commit())
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ":line 3");
    assertUnchanged();
  }

  @Test
  void aBadLineInOneOfSeveralFilesFailsTheBatchAndLeavesNoFiles() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("day"));
    for (int f = 0; f < 6; f++) {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 5_000; i++) {
        lines.append("{\"id\": ").append(f * 10_000 + i).append("}\n");
      }
      if (f == 4) {
        lines.append("{broken\n");
      }
      Files.writeString(folder.resolve("part-" + f + ".json"), lines);
    }
    int objects = objectCount(catalog.loadTable(id).location());

    assertThatThrownBy(
            () -> writer.ingest(id).files(List.of(folder.toString())).threads(2).commit())
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(folder.resolve("part-4.json") + ":line 5001");
    assertUnchanged();
    assertThat(objectCount(catalog.loadTable(id).location())).isEqualTo(objects);

    Files.delete(folder.resolve("part-4.json"));
    IngestResult result = writer.ingest(id).files(List.of(folder.toString())).threads(2).commit();
    assertThat(result.rows()).isEqualTo(25_000);
    assertThat(result.dataFiles()).isEqualTo(2);
    assertThat(rows(catalog.loadTable(id), "id")).hasSize(25_001);
  }

  @Test
  void aCsvRecordWithTheWrongColumnCountNamesTheLine() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "id,name\n1,a\n2,\"multi\nline\"\n3,c,extra\n");

    assertThatThrownBy(() -> writer.ingest(id).files(List.of(file.toString())).commit())
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ":line 5")
        .hasMessageContaining("Expected 2 columns, found 3");
    assertUnchanged();
  }

  @Test
  void aCorruptParquetFooterNamesTheFile() throws IOException {
    Path file = dir.resolve("broken.parquet");
    Record row = GenericRecord.create(FormatLoadTest.FLAT);
    row.setField("id", 1L);
    try (FileAppender<Record> out =
        Parquet.write(org.apache.iceberg.Files.localOutput(file.toFile()))
            .schema(FormatLoadTest.FLAT)
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      out.add(row);
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(raf.length() - 12);
      raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    assertThatThrownBy(() -> writer.ingest(id).files(List.of(file.toString())).commit())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString());
    assertUnchanged();
  }

  @Test
  void aRequiredValueMissingIsABadRowToo() throws IOException {
    Path file = dir.resolve("t.json");
    Files.writeString(file, "{\"id\": 1, \"name\": \"x\"}\n");
    TableIdentifier strict = raw("strict");
    catalog.createTable(
        strict,
        new org.apache.iceberg.Schema(
            org.apache.iceberg.types.Types.NestedField.required(
                1, "id", org.apache.iceberg.types.Types.LongType.get()),
            org.apache.iceberg.types.Types.NestedField.required(
                2, "name", org.apache.iceberg.types.Types.StringType.get())));
    Files.writeString(file, "{\"id\": 1, \"name\": \"x\"}\n{\"id\": 2, \"name\": null}\n");

    assertThatThrownBy(() -> writer.ingest(strict).files(List.of(file.toString())).commit())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("name");
    assertThat(catalog.loadTable(strict).currentSnapshot()).isNull();
  }

  @Test
  void skipCountsBadRowsAndKeepsASample() throws IOException {
    Path file = dir.resolve("mixed.json");
    Files.writeString(file, "{\"id\": 1}\nnot json\n{\"id\": \"two\"}\n{\"id\": 4}\n");

    IngestResult result =
        writer.ingest(id).files(List.of(file.toString())).badRows(BadRowPolicy.SKIP).commit();

    assertThat(result.rows()).isEqualTo(2);
    assertThat(result.rejected().rows()).isEqualTo(2);
    assertThat(result.rejected().sample()).hasSize(2);
    assertThat(result.rejected().sample().get(0)).startsWith(file + ":line 2");
    assertThat(result.summary()).contains("rejected     2 rows, left out (skip)");
    assertThat(rows(catalog.loadTable(id), "id")).hasSize(3);
  }

  @Test
  void aBadRowLimitFailsTheLoadByCountOrByShareAndChangesNothing() throws IOException {
    Path file = dir.resolve("mixed.json");
    Files.writeString(file, "{\"id\": 1}\nnot json\n{\"id\": \"two\"}\n{\"id\": 4}\n");

    assertThatThrownBy(
            () ->
                writer
                    .ingest(id)
                    .files(List.of(file.toString()))
                    .badRows(BadRowPolicy.SKIP)
                    .maxBadRows(BadRowLimit.parse("1"))
                    .commit())
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ":line 3")
        .hasMessageContaining("bad row 2, more than the limit of 1");
    assertUnchanged();

    assertThatThrownBy(
            () ->
                writer
                    .ingest(id)
                    .files(List.of(file.toString()))
                    .badRows(BadRowPolicy.SKIP)
                    .maxBadRows(BadRowLimit.parse("25%"))
                    .commit())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("2 of 4 rows are bad, more than the limit of 25.0%");
    assertUnchanged();

    IngestResult within =
        writer
            .ingest(id)
            .files(List.of(file.toString()))
            .badRows(BadRowPolicy.SKIP)
            .maxBadRows(BadRowLimit.parse("50%"))
            .commit();
    assertThat(within.rejected().rows()).isEqualTo(2);
  }

  @Test
  void deadLettersGoToTheFileOrTheTableNamed() throws IOException {
    Path file = dir.resolve("mixed.json");
    Files.writeString(file, "{\"id\": 1}\n{oops\n");
    Path letters = dir.resolve("rejects.json");

    writer
        .ingest(id)
        .files(List.of(file.toString()))
        .badRows(BadRowPolicy.DEAD_LETTER)
        .deadLetters(DeadLetters.toFile(letters.toString()))
        .commit();
    assertThat(Files.readAllLines(letters))
        .singleElement()
        .asString()
        .contains("\"position\":\"" + file + ":line 2\"")
        .contains("\"raw\":\"{oops\"");

    Path other = dir.resolve("mixed2.json");
    Files.writeString(other, "{\"id\": 9}\n{oops again\n");
    writer
        .ingest(id)
        .files(List.of(other.toString()))
        .badRows(BadRowPolicy.DEAD_LETTER)
        .deadLetters(DeadLetters.toTable(TableIdentifier.parse("raw.events_rejects")))
        .commit();
    List<Map<String, Object>> rejects = rows(catalog.loadTable(raw("events_rejects")), "position");
    assertThat(rejects)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("raw")).isEqualTo("{oops again");
              assertThat(row.get("target")).isEqualTo("raw.events");
            });
  }

  @Test
  void aDeadLetterTableNamedLikeAFileIsATable() throws IOException {
    Path file = dir.resolve("mixed.json");
    Files.writeString(file, "{\"id\": 1}\n{oops\n");
    catalog.createNamespace(Namespace.of("raw", "rejects"));
    TableIdentifier rejects = TableIdentifier.parse("raw.rejects.json");

    writer
        .ingest(id)
        .files(List.of(file.toString()))
        .badRows(BadRowPolicy.DEAD_LETTER)
        .deadLetters(DeadLetters.toTable(rejects))
        .commit();

    assertThat(rows(catalog.loadTable(rejects), "position"))
        .singleElement()
        .satisfies(row -> assertThat(row.get("raw")).isEqualTo("{oops"));
    assertThat(Path.of("raw.rejects.json")).doesNotExist();
  }

  @Test
  void theDeadLetterPolicyNeedsAFileOrATable() {
    assertThatThrownBy(
            () ->
                writer
                    .ingest(id)
                    .files(List.of("in.json"))
                    .badRows(BadRowPolicy.DEAD_LETTER)
                    .apply())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The dead-letter policy needs a dead-letter file or table");
    assertThatThrownBy(() -> DeadLetters.toFile(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid dead-letter file: it is blank");
  }

  private void assertUnchanged() {
    Table table = catalog.loadTable(id);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshotBefore);
    assertThat(rows(table, "id")).hasSize(1);
  }
}
