package dev.firn.writer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class RecordConversionTest {
  private static final Schema SOURCE =
      new Schema(
          Types.NestedField.optional(1, "n", Types.IntegerType.get()),
          Types.NestedField.optional(2, "f", Types.FloatType.get()),
          Types.NestedField.optional(3, "d", Types.DecimalType.of(5, 2)),
          Types.NestedField.optional(
              4,
              "address",
              Types.StructType.of(Types.NestedField.optional(5, "zip", Types.IntegerType.get()))),
          Types.NestedField.optional(
              6, "list", Types.ListType.ofOptional(7, Types.IntegerType.get())),
          Types.NestedField.optional(
              8,
              "map",
              Types.MapType.ofOptional(9, 10, Types.StringType.get(), Types.FloatType.get())));

  private static final Schema TARGET =
      new Schema(
          Types.NestedField.optional(20, "extra", Types.StringType.get()),
          Types.NestedField.required(21, "n", Types.LongType.get()),
          Types.NestedField.optional(22, "f", Types.DoubleType.get()),
          Types.NestedField.optional(23, "d", Types.DecimalType.of(9, 2)),
          Types.NestedField.optional(
              24,
              "address",
              Types.StructType.of(
                  Types.NestedField.optional(25, "city", Types.StringType.get()),
                  Types.NestedField.optional(26, "zip", Types.LongType.get()))),
          Types.NestedField.optional(
              27, "list", Types.ListType.ofOptional(28, Types.LongType.get())),
          Types.NestedField.optional(
              29,
              "map",
              Types.MapType.ofOptional(30, 31, Types.StringType.get(), Types.DoubleType.get())));

  private static Record sourceRow(Integer n) {
    Record row = GenericRecord.create(SOURCE);
    Record address = GenericRecord.create(SOURCE.findType("address").asStructType());
    address.setField("zip", 7);
    row.setField("n", n);
    row.setField("f", 1.5f);
    row.setField("d", new BigDecimal("1.25"));
    row.setField("address", address);
    row.setField("list", Arrays.asList(1, null));
    row.setField("map", Map.of("a", 2.5f));
    return row;
  }

  @Test
  void widensByName() {
    Record out = RecordConversion.between(SOURCE, TARGET).convert(sourceRow(3));
    assertThat(out.struct()).isEqualTo(TARGET.asStruct());
    assertThat(out.getField("extra")).isNull();
    assertThat(out.getField("n")).isEqualTo(3L);
    assertThat(out.getField("f")).isEqualTo(1.5d);
    assertThat(out.getField("d")).isEqualTo(new BigDecimal("1.25"));
    Record address = (Record) out.getField("address");
    assertThat(address.getField("zip")).isEqualTo(7L);
    assertThat(address.getField("city")).isNull();
    assertThat(out.getField("list")).isEqualTo(Arrays.asList(1L, null));
    assertThat(out.getField("map")).isEqualTo(Map.of("a", 2.5d));
  }

  @Test
  void requiredNullNamesTheColumn() {
    RecordConversion conversion = RecordConversion.between(SOURCE, TARGET);
    assertThatThrownBy(() -> conversion.convert(sourceRow(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Column n is required but null");
  }

  @Test
  void requiredListElementNull() {
    Schema source =
        new Schema(
            Types.NestedField.optional(1, "l", Types.ListType.ofOptional(2, Types.LongType.get())));
    Schema target =
        new Schema(
            Types.NestedField.optional(1, "l", Types.ListType.ofRequired(2, Types.LongType.get())));
    Record row = GenericRecord.create(source);
    row.setField("l", Arrays.asList(1L, null));
    assertThatThrownBy(() -> RecordConversion.between(source, target).convert(row))
        .hasMessage("Column l.element is required but null");
  }

  @Test
  void incompatibleTypesNameThePath() {
    Schema source =
        new Schema(
            Types.NestedField.optional(
                1,
                "address",
                Types.StructType.of(Types.NestedField.optional(2, "zip", Types.StringType.get()))));
    Schema target =
        new Schema(
            Types.NestedField.optional(
                1,
                "address",
                Types.StructType.of(
                    Types.NestedField.optional(2, "zip", Types.IntegerType.get()))));
    assertThatThrownBy(() -> RecordConversion.between(source, target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot convert column address.zip from string to int");
  }

  @Test
  void rejectsNarrowingAndScaleChanges() {
    assertThatThrownBy(() -> between(Types.LongType.get(), Types.IntegerType.get()))
        .hasMessage("Cannot convert column c from long to int");
    assertThatThrownBy(() -> between(Types.DecimalType.of(9, 2), Types.DecimalType.of(9, 3)))
        .hasMessage("Cannot convert column c from decimal(9, 2) to decimal(9, 3)");
    assertThatThrownBy(
            () -> between(Types.TimestampType.withZone(), Types.TimestampType.withoutZone()))
        .hasMessage("Cannot convert column c from timestamptz to timestamp");
    assertThatThrownBy(() -> between(Types.IntegerType.get(), Types.StringType.get()))
        .hasMessage("Cannot convert column c from int to string");
  }

  private static RecordConversion between(
      org.apache.iceberg.types.Type from, org.apache.iceberg.types.Type to) {
    return RecordConversion.between(
        new Schema(Types.NestedField.optional(1, "c", from)),
        new Schema(Types.NestedField.optional(1, "c", to)));
  }

  @Test
  void sourceColumnMissingFromTarget() {
    Schema target = new Schema(Types.NestedField.optional(1, "n", Types.LongType.get()));
    assertThatThrownBy(() -> RecordConversion.between(SOURCE, target))
        .hasMessage("Column f is not in the target schema");
  }

  @Test
  void identicalSchemasKeepValues() {
    Record row = sourceRow(1);
    Record out = RecordConversion.between(SOURCE, SOURCE).convert(row);
    assertThat(out).isEqualTo(row).isNotSameAs(row);
    assertThat(out.getField("list")).isEqualTo(Arrays.asList(1, null));
  }
}
