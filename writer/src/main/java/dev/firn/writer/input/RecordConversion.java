package dev.firn.writer.input;

import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/**
 * Converts rows of one schema into another by field name (nested structs, lists and maps included),
 * widening int to long, float to double and decimals to a larger precision. Fields the target has
 * and the source lacks are null.
 */
public final class RecordConversion {
  /**
   * A conversion from {@code source} to {@code target}.
   *
   * @throws IllegalArgumentException if a field's types cannot be converted: the message names the
   *     column and both types
   */
  public static RecordConversion between(Schema source, Schema target) {
    throw new UnsupportedOperationException("input: not yet built");
  }

  /**
   * The row in the target schema.
   *
   * @throws IllegalArgumentException if a required target column is null in the row: the message
   *     names the column
   */
  public Record convert(Record row) {
    throw new UnsupportedOperationException("input: not yet built");
  }
}
