package dev.firn.writer.input;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.util.UUIDUtil;

/** Converters from Avro generic values to Iceberg generic values, compiled once per schema pair. */
final class AvroValues {
  private AvroValues() {}

  /** A converter of Avro records of {@code avro} into Iceberg records of {@code struct}. */
  static UnaryOperator<Object> record(org.apache.avro.Schema avro, Types.StructType struct) {
    List<Types.NestedField> fields = struct.fields();
    int[] positions = new int[fields.size()];
    List<UnaryOperator<Object>> converters = new ArrayList<>();
    for (int i = 0; i < positions.length; i++) {
      org.apache.avro.Schema.Field field = avro.getField(fields.get(i).name());
      positions[i] = field == null ? -1 : field.pos();
      converters.add(field == null ? null : value(field.schema(), fields.get(i).type()));
    }
    GenericRecord template = GenericRecord.create(struct);
    return value -> {
      IndexedRecord in = (IndexedRecord) value;
      GenericRecord out = template.copy();
      for (int i = 0; i < positions.length; i++) {
        if (positions[i] >= 0) {
          Object v = in.get(positions[i]);
          if (v != null) {
            out.set(i, converters.get(i).apply(v));
          }
        }
      }
      return out;
    };
  }

  private static UnaryOperator<Object> value(org.apache.avro.Schema schema, Type type) {
    org.apache.avro.Schema avro = AvroSchemas.nonNull(schema);
    return switch (type.typeId()) {
      case STRUCT -> record(avro, type.asStructType());
      case LIST -> list(avro, type.asListType());
      case MAP -> map(avro, type.asMapType());
      case INTEGER -> v -> ((Number) v).intValue();
      case LONG -> v -> ((Number) v).longValue();
      case FLOAT -> v -> ((Number) v).floatValue();
      case DOUBLE -> v -> ((Number) v).doubleValue();
      case STRING -> Object::toString;
      case DATE -> v -> v instanceof Integer days ? LocalDate.ofEpochDay(days) : v;
      case TIME -> AvroValues::time;
      case TIMESTAMP, TIMESTAMP_NANO -> timestamp(avro, type);
      case DECIMAL -> decimal(((Types.DecimalType) type).scale());
      case UUID -> AvroValues::uuid;
      case BINARY -> v -> ByteBuffer.wrap(bytes(v));
      case FIXED -> AvroValues::bytes;
      default -> UnaryOperator.identity();
    };
  }

  private static UnaryOperator<Object> list(org.apache.avro.Schema avro, Types.ListType list) {
    UnaryOperator<Object> element = value(avro.getElementType(), list.elementType());
    return v -> {
      Collection<?> in = (Collection<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object item : in) {
        out.add(item == null ? null : element.apply(item));
      }
      return out;
    };
  }

  private static UnaryOperator<Object> map(org.apache.avro.Schema avro, Types.MapType map) {
    UnaryOperator<Object> value = value(avro.getValueType(), map.valueType());
    return v -> {
      Map<?, ?> in = (Map<?, ?>) v;
      Map<Object, Object> out = new LinkedHashMap<>(in.size() * 2);
      in.forEach((key, item) -> out.put(key.toString(), item == null ? null : value.apply(item)));
      return out;
    };
  }

  private static Object time(Object v) {
    if (v instanceof Integer millis) {
      return LocalTime.ofNanoOfDay(millis * 1_000_000L);
    } else if (v instanceof Long micros) {
      return LocalTime.ofNanoOfDay(micros * 1_000L);
    }
    return v;
  }

  private static UnaryOperator<Object> timestamp(org.apache.avro.Schema avro, Type type) {
    String logical = avro.getLogicalType() == null ? "" : avro.getLogicalType().getName();
    long nanosPerUnit =
        logical.endsWith("millis") ? 1_000_000L : logical.endsWith("nanos") ? 1L : 1_000L;
    boolean utc = ((Types.TimestampType) asMicros(type)).shouldAdjustToUTC();
    return v -> {
      if (v instanceof Long units) {
        long nanos = Math.multiplyExact(units, nanosPerUnit);
        return utc
            ? DateTimeUtil.timestamptzFromNanos(nanos)
            : DateTimeUtil.timestampFromNanos(nanos);
      } else if (v instanceof Instant instant) {
        return utc
            ? instant.atOffset(ZoneOffset.UTC)
            : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
      }
      return v;
    };
  }

  private static Type asMicros(Type type) {
    if (type instanceof Types.TimestampNanoType nanos) {
      return nanos.shouldAdjustToUTC()
          ? Types.TimestampType.withZone()
          : Types.TimestampType.withoutZone();
    }
    return type;
  }

  private static UnaryOperator<Object> decimal(int scale) {
    return v -> {
      if (v instanceof BigDecimal decimal) {
        return decimal.setScale(scale);
      }
      return new BigDecimal(new BigInteger(bytes(v)), scale);
    };
  }

  private static Object uuid(Object v) {
    if (v instanceof UUID) {
      return v;
    } else if (v instanceof CharSequence text) {
      return UUID.fromString(text.toString());
    }
    return UUIDUtil.convert(bytes(v));
  }

  private static byte[] bytes(Object v) {
    if (v instanceof GenericFixed fixed) {
      return fixed.bytes();
    } else if (v instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
    return (byte[]) v;
  }
}
