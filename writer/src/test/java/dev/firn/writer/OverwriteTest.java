package dev.firn.writer;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Overwrites by partition and by filter, partition evolution, and Avro records from Java. */
class OverwriteTest extends WriterTestBase {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "day", Types.DateType.get()),
          optional(3, "region", Types.StringType.get()));

  private final TableIdentifier id = raw("daily");

  @Test
  void overwriteReplacesOnlyThePartitionsTheBatchTouches() {
    load(rows(0, 10, "2026-11-20", "eu"), WriteMode.APPEND, null);
    load(rows(10, 20, "2026-11-21", "eu"), WriteMode.APPEND, null);

    load(rows(100, 103, "2026-11-21", "us"), WriteMode.OVERWRITE, null);

    Table table = catalog.loadTable(id);
    assertThat(rows(table, "id"))
        .extracting(r -> r.get("id"))
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 100L, 101L, 102L);
  }

  @Test
  void overwriteByFilterReplacesTheMatchingRows() {
    load(rows(0, 10, "2026-11-20", "eu"), WriteMode.APPEND, null);
    load(rows(10, 20, "2026-11-21", "eu"), WriteMode.APPEND, null);

    load(rows(200, 201, "2026-11-20", "eu"), WriteMode.OVERWRITE, "day = '2026-11-20'");

    assertThat(rows(catalog.loadTable(id), "id")).hasSize(11);
    assertThatThrownBy(
            () ->
                writer
                    .ingest(id)
                    .records(SCHEMA, rows(1, 2, "2026-11-20", "eu"))
                    .mode(WriteMode.OVERWRITE)
                    .overwriteFilter("day = = 3")
                    .commit())
        .hasMessageStartingWith("Invalid filter: day = = 3");
  }

  @Test
  void aRowOutsideTheFilterIsRefusedAndNothingIsReplaced() {
    load(rows(0, 10, "2026-11-20", "eu"), WriteMode.APPEND, null);
    Table before = catalog.loadTable(id);
    List<Record> batch = rows(200, 202, "2026-11-20", "eu");
    batch.addAll(rows(300, 301, "2026-11-21", "eu"));

    assertThatThrownBy(() -> load(batch, WriteMode.OVERWRITE, "day = '2026-11-20'"))
        .hasMessageContaining("outside the overwrite filter day = '2026-11-20'");

    Table after = catalog.loadTable(id);
    assertThat(after.currentSnapshot().snapshotId())
        .isEqualTo(before.currentSnapshot().snapshotId());
    assertThat(objectCount(after.location())).isEqualTo(objectCount(before.location()));
  }

  @Test
  void aFilterOnAMissingColumnIsRefusedByTheDryRun() {
    load(rows(0, 10, "2026-11-20", "eu"), WriteMode.APPEND, null);

    assertThatThrownBy(
            () ->
                writer
                    .ingest(id)
                    .records(SCHEMA, rows(1, 2, "2026-11-20", "eu"))
                    .mode(WriteMode.OVERWRITE)
                    .overwriteFilter("dya = '2026-11-20'")
                    .apply())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid overwrite filter for raw.daily")
        .hasMessageContaining("dya")
        .hasMessageContaining("[id, day, region]");
  }

  @Test
  void aNewPartitionSpecIsAddedAndHistoryKept() {
    load(rows(0, 10, "2026-11-20", "eu"), WriteMode.APPEND, null);
    long first = catalog.loadTable(id).currentSnapshot().snapshotId();

    IngestResult result =
        writer
            .ingest(id)
            .records(SCHEMA, rows(10, 20, "2026-11-21", "us"))
            .partitionBy(List.of("day(day)", "region"))
            .commit();

    Table table = catalog.loadTable(id);
    assertThat(result.changes().newSpec()).isTrue();
    assertThat(table.specs()).hasSize(2);
    assertThat(table.spec().fields())
        .extracting(f -> f.transform().toString())
        .containsExactly("day", "identity");
    assertThat(rows(table, "id", first)).hasSize(10);
    assertThat(rows(table, "id")).hasSize(20);
  }

  @Test
  void avroRecordsFromJavaLoadByName() {
    org.apache.avro.Schema avro =
        SchemaBuilder.record("r").fields().requiredLong("id").optionalString("note").endRecord();
    List<GenericRecord> records = new ArrayList<>();
    for (long i = 0; i < 3; i++) {
      GenericData.Record record = new GenericData.Record(avro);
      record.put("id", i);
      record.put("note", i == 1 ? null : "n" + i);
      records.add(record);
    }
    writer.ingest(raw("from_java")).avroRecords(avro, records).createIfMissing(true).commit();

    assertThat(rows(catalog.loadTable(raw("from_java")), "id"))
        .extracting(r -> r.get("note"))
        .containsExactly("n0", null, "n2");
  }

  private void load(List<Record> rows, WriteMode mode, String filter) {
    Ingest ingest = writer.ingest(id).records(SCHEMA, rows).mode(mode).createIfMissing(true);
    ingest.partitionBy(List.of("day"));
    if (filter != null) {
      ingest.overwriteFilter(filter);
    }
    ingest.commit();
  }

  private static List<Record> rows(long from, long to, String day, String region) {
    List<Record> rows = new ArrayList<>();
    for (long i = from; i < to; i++) {
      Record row = org.apache.iceberg.data.GenericRecord.create(SCHEMA);
      row.setField("id", i);
      row.setField("day", LocalDate.parse(day));
      row.setField("region", region);
      rows.add(row);
    }
    return rows;
  }
}
