package dev.firn.bench.core;

import static org.apache.iceberg.types.Types.NestedField.optional;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The logical columns of the ingestion benchmark's generated rows: the schema of its Parquet inputs
 * and the fixed schema the plain Iceberg loader and Spark declare for both formats.
 */
public final class IngestSchema {
  public static final Types.StructType DEVICE =
      Types.StructType.of(
          optional(20, "os", Types.StringType.get()),
          optional(21, "version", Types.StringType.get()));

  public static final Schema SCHEMA =
      new Schema(
          optional(1, "id", Types.LongType.get()),
          optional(2, "ts", Types.TimestampType.withZone()),
          optional(3, "user", Types.StringType.get()),
          optional(4, "country", Types.StringType.get()),
          optional(5, "amount", Types.DoubleType.get()),
          optional(6, "qty", Types.IntegerType.get()),
          optional(7, "flag", Types.BooleanType.get()),
          optional(8, "tags", Types.ListType.ofOptional(30, Types.StringType.get())),
          optional(9, "device", DEVICE),
          optional(10, "note", Types.StringType.get()));

  private IngestSchema() {}
}
