package dev.firn.writer.schema;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.writer.IncompatibleSchemaException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {
  static final Schema TABLE =
      new Schema(
          required(1, "id", Types.IntegerType.get()),
          required(2, "price", Types.DecimalType.of(9, 2)),
          optional(
              3,
              "address",
              Types.StructType.of(
                  optional(4, "city", Types.StringType.get()),
                  required(5, "zip", Types.StringType.get()))),
          optional(6, "scores", Types.ListType.ofOptional(7, Types.FloatType.get())));

  @Test
  void additiveChangesAreListedInOrder() {
    Schema input =
        new Schema(
            required(11, "id", Types.LongType.get()),
            optional(12, "price", Types.DecimalType.of(18, 2)),
            optional(
                13,
                "address",
                Types.StructType.of(
                    optional(14, "city", Types.StringType.get()),
                    optional(15, "country", Types.StringType.get()))),
            optional(16, "scores", Types.ListType.ofOptional(17, Types.DoubleType.get())),
            optional(18, "tags", Types.ListType.ofOptional(19, Types.StringType.get())));

    SchemaEvolution.Result result = SchemaEvolution.evolve(TABLE, input, "raw.t", "in.avro");

    assertThat(result.changes())
        .extracting(Object::toString)
        .containsExactly(
            "widened id from int to long",
            "widened price from decimal(9, 2) to decimal(18, 2)",
            "made address.zip optional",
            "added column address.country (string)",
            "widened scores.element from float to double",
            "added column tags (list<string>)");
    assertThat(result.schema().findType("address.country")).isEqualTo(Types.StringType.get());
    assertThat(result.schema().findField("id").isRequired()).isTrue();
  }

  @Test
  void aNarrowerInputNeedsNoChange() {
    Schema input = new Schema(required(1, "id", Types.IntegerType.get()));
    Schema table = new Schema(required(1, "id", Types.LongType.get()));
    assertThat(SchemaEvolution.evolve(table, input, "raw.t", "x").changes()).isEmpty();
  }

  @Test
  void incompatibleChangesNameTheColumnAndBothTypes() {
    Schema scale = new Schema(required(1, "price", Types.DecimalType.of(18, 3)));
    assertThatThrownBy(() -> SchemaEvolution.evolve(TABLE, scale, "raw.t", "in.avro"))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageStartingWith(
            "Column price is decimal(9, 2) in table raw.t but decimal(18, 3) in in.avro");
    Schema kind = new Schema(optional(1, "address", Types.StringType.get()));
    assertThatThrownBy(() -> SchemaEvolution.evolve(TABLE, kind, "raw.t", "in.avro"))
        .hasMessageStartingWith("Column address is struct<");
  }
}
