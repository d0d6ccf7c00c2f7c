package dev.firn.writer.input;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Converts Avro schemas (with or without Iceberg field ids) to Iceberg schemas by name. */
final class AvroSchemas {
  private final Deque<String> visiting = new ArrayDeque<>();
  private int lastId = 0;

  private AvroSchemas() {}

  static Schema toIceberg(org.apache.avro.Schema avro) {
    if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
      throw new IllegalArgumentException("Avro schema is not a record: " + avro.getType());
    }
    return new Schema(new AvroSchemas().struct(avro).fields());
  }

  /** The non-null branch of a nullable union, or the schema itself. */
  static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema) {
    if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
      return schema;
    }
    org.apache.avro.Schema found = null;
    for (org.apache.avro.Schema branch : schema.getTypes()) {
      if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
        if (found != null) {
          throw new IllegalArgumentException(
              "Unsupported Avro union (not just nullable): " + schema);
        }
        found = branch;
      }
    }
    return found == null
        ? org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING)
        : found;
  }

  static boolean nullable(org.apache.avro.Schema schema) {
    return schema.getType() == org.apache.avro.Schema.Type.NULL
        || schema.getType() == org.apache.avro.Schema.Type.UNION
            && schema.getTypes().stream()
                .anyMatch(s -> s.getType() == org.apache.avro.Schema.Type.NULL);
  }

  private int nextId() {
    return ++lastId;
  }

  private Types.StructType struct(org.apache.avro.Schema record) {
    if (visiting.contains(record.getFullName())) {
      throw new IllegalArgumentException(
          "Recursive Avro record is not supported: " + record.getFullName());
    }
    visiting.push(record.getFullName());
    List<Types.NestedField> fields = new ArrayList<>();
    for (org.apache.avro.Schema.Field field : record.getFields()) {
      int id = nextId();
      Type type = type(field.schema());
      fields.add(
          nullable(field.schema())
              ? Types.NestedField.optional(id, field.name(), type, field.doc())
              : Types.NestedField.required(id, field.name(), type, field.doc()));
    }
    visiting.pop();
    return Types.StructType.of(fields);
  }

  private Type type(org.apache.avro.Schema schema) {
    org.apache.avro.Schema avro = nonNull(schema);
    LogicalType logical = avro.getLogicalType();
    if (logical != null) {
      Type type = logicalType(avro, logical);
      if (type != null) {
        return type;
      }
    }
    return switch (avro.getType()) {
      case RECORD -> struct(avro);
      case ARRAY -> list(avro.getElementType());
      case MAP -> map(avro.getValueType());
      case STRING, ENUM, NULL -> Types.StringType.get();
      case BYTES -> Types.BinaryType.get();
      case FIXED -> Types.FixedType.ofLength(avro.getFixedSize());
      case INT -> Types.IntegerType.get();
      case LONG -> Types.LongType.get();
      case FLOAT -> Types.FloatType.get();
      case DOUBLE -> Types.DoubleType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case UNION -> throw new IllegalArgumentException("Unsupported Avro union: " + avro);
    };
  }

  private Type list(org.apache.avro.Schema element) {
    int id = nextId();
    Type type = type(element);
    return nullable(element)
        ? Types.ListType.ofOptional(id, type)
        : Types.ListType.ofRequired(id, type);
  }

  private Type map(org.apache.avro.Schema value) {
    int keyId = nextId();
    int valueId = nextId();
    Type type = type(value);
    return nullable(value)
        ? Types.MapType.ofOptional(keyId, valueId, Types.StringType.get(), type)
        : Types.MapType.ofRequired(keyId, valueId, Types.StringType.get(), type);
  }

  private static Type logicalType(org.apache.avro.Schema avro, LogicalType logical) {
    boolean utc = !Boolean.FALSE.equals(avro.getObjectProp("adjust-to-utc"));
    return switch (logical.getName()) {
      case "decimal" -> {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
        yield Types.DecimalType.of(decimal.getPrecision(), decimal.getScale());
      }
      case "date" -> Types.DateType.get();
      case "time-millis", "time-micros" -> Types.TimeType.get();
      case "timestamp-millis", "timestamp-micros" ->
          utc ? Types.TimestampType.withZone() : Types.TimestampType.withoutZone();
      case "local-timestamp-millis", "local-timestamp-micros" -> Types.TimestampType.withoutZone();
      case "timestamp-nanos" ->
          utc ? Types.TimestampNanoType.withZone() : Types.TimestampNanoType.withoutZone();
      case "local-timestamp-nanos" -> Types.TimestampNanoType.withoutZone();
      case "uuid" -> Types.UUIDType.get();
      default -> null;
    };
  }
}
