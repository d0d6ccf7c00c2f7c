package dev.firn.writer.input;

import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/** Avro records as Iceberg rows, for Avro files and for Java callers that hold Avro records. */
public final class AvroRecords {
  private AvroRecords() {}

  /** The Iceberg schema of an Avro record schema, with fresh field ids. */
  public static Schema icebergSchema(org.apache.avro.Schema avroSchema) {
    throw new UnsupportedOperationException("input: not yet built");
  }

  /** An Avro record as a row of {@code schema} (from {@link #icebergSchema}), by field name. */
  public static Record toRecord(GenericRecord record, Schema schema) {
    throw new UnsupportedOperationException("input: not yet built");
  }
}
