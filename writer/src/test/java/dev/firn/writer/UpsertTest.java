package dev.firn.writer;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Upserts and deletes by key, read back through Iceberg's generic reader. */
class UpsertTest extends WriterTestBase {
  static final Schema SCHEMA =
      new Schema(required(1, "id", Types.LongType.get()), optional(2, "v", Types.StringType.get()));

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void upsertOfTenThousandKeysOverOneHundredThousandRowsLeavesOneRowPerKey(int version) {
    TableIdentifier id = raw("upserts_v" + version);
    writer
        .ingest(id)
        .records(SCHEMA, rows(0, 100_000, 1, "old"))
        .createIfMissing(true)
        .formatVersion(version)
        .partitionBy(List.of("bucket(8, id)"))
        .commit();

    // 5,000 existing keys and 5,000 new ones; key 0 appears twice and its last row wins.
    List<Record> batch = new ArrayList<>(rows(0, 100_000, 20, "new"));
    batch.addAll(rows(100_000, 105_000, 1, "new"));
    batch.add(0, row(0, "first of two"));
    IngestResult upsert =
        writer
            .ingest(id)
            .records(SCHEMA, batch)
            .mode(WriteMode.UPSERT)
            .keys(List.of("id"))
            .commit();

    Table table = catalog.loadTable(id);
    assertThat(upsert.rows()).isEqualTo(10_000);
    assertThat(upsert.written().deleteFiles()).isPositive();
    assertThat(table.currentSnapshot().operation()).isEqualTo("overwrite");
    Map<Long, String> values = values(table);
    assertThat(values).hasSize(105_000);
    assertThat(count(table)).isEqualTo(105_000);
    for (long key = 0; key < 105_000; key++) {
      String expected = key >= 100_000 || key % 20 == 0 ? "new" : "old";
      assertThat(values.get(key)).as("key %s", key).isEqualTo(expected);
    }

    // A second upsert replaces rows the first one added.
    writer
        .ingest(id)
        .records(SCHEMA, rows(100_000, 100_010, 1, "newer"))
        .mode(WriteMode.UPSERT)
        .keys(List.of("id"))
        .commit();
    table.refresh();
    assertThat(count(table)).isEqualTo(105_000);
    assertThat(values(table).get(100_005L)).isEqualTo("newer");
  }

  @Test
  void deleteByKeysFromAFile() throws IOException {
    TableIdentifier id = raw("deletes");
    writer.ingest(id).records(SCHEMA, rows(0, 1_000, 1, "x")).createIfMissing(true).commit();
    Path keys = dir.resolve("gone.csv");
    Files.writeString(keys, "id,reason\n5,gdpr\n7,gdpr\n999,gdpr\n");

    IngestResult result =
        writer
            .ingest(id)
            .files(List.of(keys.toString()))
            .mode(WriteMode.DELETE)
            .keys(List.of("id"))
            .commit();

    Table table = catalog.loadTable(id);
    assertThat(result.rows()).isEqualTo(3);
    assertThat(count(table)).isEqualTo(997);
    assertThat(values(table)).doesNotContainKeys(5L, 7L, 999L).containsKey(6L);
    assertThat(table.schema().findField("reason")).isNull();
  }

  @Test
  void upsertRefusesKeysThatDoNotDeterminePartitions() {
    TableIdentifier id = raw("by_v");
    writer
        .ingest(id)
        .records(SCHEMA, rows(0, 10, 1, "x"))
        .createIfMissing(true)
        .partitionBy(List.of("v"))
        .commit();
    for (boolean dryRun : new boolean[] {true, false}) {
      Ingest upsert =
          writer
              .ingest(id)
              .records(SCHEMA, rows(0, 10, 1, "y"))
              .mode(WriteMode.UPSERT)
              .keys(List.of("id"));
      assertThatThrownBy(
              () -> {
                if (dryRun) {
                  upsert.apply();
                } else {
                  upsert.commit();
                }
              })
          .as(dryRun ? "the dry run" : "the load")
          .hasMessageContaining("derived from v, which is not a key column");
    }
    // A new table created partitioned by a column that is not a key is refused by the dry run too.
    assertThatThrownBy(
            () ->
                writer
                    .ingest(raw("new_by_v"))
                    .records(SCHEMA, rows(0, 10, 1, "y"))
                    .createIfMissing(true)
                    .partitionBy(List.of("v"))
                    .mode(WriteMode.UPSERT)
                    .keys(List.of("id"))
                    .apply())
        .hasMessageContaining("derived from v, which is not a key column");
  }

  static List<Record> rows(long from, long to, long step, String value) {
    List<Record> rows = new ArrayList<>();
    for (long key = from; key < to; key += step) {
      rows.add(row(key, value));
    }
    return rows;
  }

  static Record row(long id, String value) {
    Record record = GenericRecord.create(SCHEMA);
    record.setField("id", id);
    record.setField("v", value);
    return record;
  }

  private static Map<Long, String> values(Table table) {
    Map<Long, String> values = new HashMap<>();
    for (Map<String, Object> row : rows(table, "id")) {
      values.put((Long) row.get("id"), (String) row.get("v"));
    }
    return values;
  }

  private static long count(Table table) {
    return rows(table, "id").size();
  }
}
