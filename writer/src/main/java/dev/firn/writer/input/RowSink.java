package dev.firn.writer.input;

import org.apache.iceberg.data.Record;

/** Where a source delivers its rows: good rows, rejected rows, and how far it has read. */
public interface RowSink {
  /** A row of the schema the source was read with. The sink may keep it; do not reuse it. */
  void accept(Record row);

  /**
   * A row that could not be read or converted.
   *
   * @param position where it is, e.g. {@code s3://b/in.json:line 12} or {@code in.avro:record 7}
   * @param reason what was wrong, naming the column and the value where there is one
   * @param raw the row as it appeared in the input, as text (may be truncated or null)
   */
  void reject(String position, String reason, String raw);

  /**
   * A row whose whole number in an int column is beyond int's range. By default a reject; a load
   * that may widen the column stops here and widens it.
   *
   * @param column the column's full name
   */
  default void beyondInt(String column, String position, String reason, String raw) {
    reject(position, reason, raw);
  }

  /** How many bytes of the current file have been read so far, for progress. */
  default void bytesRead(long bytes) {}
}
