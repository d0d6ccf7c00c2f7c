package dev.firn.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** A source whose schema changes over three batches, and one change a load must refuse. */
class EvolutionLoadTest extends WriterTestBase {
  @Test
  void addsAColumnWidensATypeAndRelaxesADroppedRequiredColumn() {
    Schema v1 =
        SchemaBuilder.record("r")
            .fields()
            .requiredInt("id")
            .requiredString("name")
            .requiredInt("amount")
            .endRecord();
    Schema v2 =
        SchemaBuilder.record("r")
            .fields()
            .requiredInt("id")
            .requiredString("name")
            .requiredLong("amount")
            .optionalString("country")
            .endRecord();
    Schema v3 =
        SchemaBuilder.record("r")
            .fields()
            .requiredInt("id")
            .requiredLong("amount")
            .optionalString("country")
            .endRecord();

    load("v1.avro", v1, List.of(row(1, "a", 10), row(2, "b", 20)));
    IngestResult second =
        load("v2.avro", v2, List.of(with(row(3, "c", 5_000_000_000L), "country", "CH")));
    IngestResult third = load("v3.avro", v3, List.of(without(row(4, null, 40L), "name")));

    assertThat(second.changes().schema())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "widened amount from int to long", "added column country (string)");
    assertThat(third.changes().schema())
        .extracting(Object::toString)
        .containsExactly("made name optional");
    Table table = catalog.loadTable(raw("evolving"));
    assertThat(table.schema().findType("amount")).isEqualTo(Types.LongType.get());
    assertThat(table.schema().findField("name").isOptional()).isTrue();
    List<Map<String, Object>> rows = rows(table, "id");
    assertThat(rows).extracting(r -> r.get("country")).containsExactly(null, null, "CH", null);
    assertThat(rows)
        .extracting(r -> r.get("amount"))
        .containsExactly(10L, 20L, 5_000_000_000L, 40L);
    assertThat(rows).extracting(r -> r.get("name")).containsExactly("a", "b", "c", null);
  }

  @Test
  void refusesAnIncompatibleChangeAndWritesNothing() {
    Schema v1 =
        SchemaBuilder.record("r").fields().requiredInt("id").requiredLong("amount").endRecord();
    Schema bad =
        SchemaBuilder.record("r")
            .fields()
            .requiredInt("id")
            .requiredString("amount")
            .optionalString("extra")
            .endRecord();
    load("v1.avro", v1, List.of(Map.of("id", 1, "amount", 1L)));
    Table before = catalog.loadTable(raw("evolving"));
    int objects = objectCount(before.location());

    Path file =
        AvroFiles.write(dir.resolve("bad.avro"), bad, List.of(Map.of("id", 2, "amount", "x")));
    assertThatThrownBy(
            () -> writer.ingest(raw("evolving")).files(List.of(file.toString())).commit())
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("Column amount is long in table")
        .hasMessageContaining("but string in " + file);

    Table after = catalog.loadTable(raw("evolving"));
    assertThat(after.currentSnapshot().snapshotId())
        .isEqualTo(before.currentSnapshot().snapshotId());
    assertThat(after.schema().sameSchema(before.schema())).isTrue();
    assertThat(objectCount(after.location())).isEqualTo(objects);
  }

  @Test
  void narrowingIsRefusedToo() {
    Schema wide = SchemaBuilder.record("r").fields().requiredLong("id").endRecord();
    Schema narrow = SchemaBuilder.record("r").fields().requiredString("id").endRecord();
    load("wide.avro", wide, List.of(Map.of("id", 1L)));
    Path file = AvroFiles.write(dir.resolve("n.avro"), narrow, List.of(Map.of("id", "1")));
    assertThatThrownBy(
            () -> writer.ingest(raw("evolving")).files(List.of(file.toString())).commit())
        .hasMessageContaining("Column id is long");
  }

  private IngestResult load(String name, Schema schema, List<Map<String, Object>> rows) {
    Path file = AvroFiles.write(dir.resolve(name), schema, rows);
    return writer
        .ingest(raw("evolving"))
        .files(List.of(file.toString()))
        .createIfMissing(true)
        .commit();
  }

  private static Map<String, Object> row(int id, String name, Object amount) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", name);
    row.put("amount", amount);
    return row;
  }

  private static Map<String, Object> with(Map<String, Object> row, String key, Object value) {
    row.put(key, value);
    return row;
  }

  private static Map<String, Object> without(Map<String, Object> row, String key) {
    row.remove(key);
    return row;
  }
}
