package dev.firn.writer.schema;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class PartitionFieldsTest {
  static final Schema SCHEMA =
      new Schema(
          required(1, "ts", Types.TimestampType.withZone()),
          required(2, "id", Types.LongType.get()),
          required(3, "name", Types.StringType.get()));

  @Test
  void parsesIcebergTransforms() {
    PartitionSpec spec =
        PartitionFields.spec(
            SCHEMA,
            PartitionFields.parse(List.of("day(ts)", "bucket(16, id)", "truncate(4,name)", "id")));
    assertThat(spec.fields())
        .extracting(f -> f.transform().toString())
        .containsExactly("day", "bucket[16]", "truncate[4]", "identity");
    assertThat(PartitionFields.matches(spec, SCHEMA, PartitionFields.parse(List.of("day(ts)"))))
        .isFalse();
    assertThat(
            PartitionFields.matches(
                spec,
                SCHEMA,
                PartitionFields.parse(
                    List.of("day(ts)", "bucket(16, id)", "truncate(4, name)", "identity(id)"))))
        .isTrue();
  }

  @Test
  void refusesUnknownTransformsAndColumns() {
    assertThatThrownBy(() -> PartitionFields.parse(List.of("week(ts)")))
        .hasMessageStartingWith("Invalid partition field: week(ts)");
    assertThatThrownBy(() -> PartitionFields.parse(List.of("bucket(id)")))
        .hasMessageStartingWith("Invalid partition field: bucket(id)");
    assertThatThrownBy(
            () -> PartitionFields.spec(SCHEMA, PartitionFields.parse(List.of("day(at)"))))
        .hasMessage("Invalid partition field: day(at) (no column at)");
  }
}
