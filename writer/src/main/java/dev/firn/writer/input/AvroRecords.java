package dev.firn.writer.input;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/** Avro records as Iceberg rows, for Avro files and for Java callers that hold Avro records. */
public final class AvroRecords {
  private static final int MAX_CACHED = 256;
  private static final Map<Key, UnaryOperator<Object>> CONVERTERS = new ConcurrentHashMap<>();

  private AvroRecords() {}

  /** The Iceberg schema of an Avro record schema, with fresh field ids. */
  public static Schema icebergSchema(org.apache.avro.Schema avroSchema) {
    return AvroSchemas.toIceberg(avroSchema);
  }

  /** An Avro record as a row of {@code schema} (from {@link #icebergSchema}), by field name. */
  public static Record toRecord(GenericRecord record, Schema schema) {
    Key key = new Key(record.getSchema(), schema);
    UnaryOperator<Object> converter = CONVERTERS.get(key);
    if (converter == null) {
      if (CONVERTERS.size() >= MAX_CACHED) {
        CONVERTERS.clear();
      }
      converter = converter(record.getSchema(), schema);
      CONVERTERS.put(key, converter);
    }
    return (Record) converter.apply(record);
  }

  /** A converter compiled once for many records of one Avro schema. */
  static UnaryOperator<Object> converter(org.apache.avro.Schema avroSchema, Schema schema) {
    return AvroValues.record(avroSchema, schema.asStruct());
  }

  /** Schemas compared by identity: cheap per record, and a new schema just compiles again. */
  private record Key(org.apache.avro.Schema avro, Schema iceberg) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.avro == avro && key.iceberg == iceberg;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(avro) + System.identityHashCode(iceberg);
    }
  }
}
