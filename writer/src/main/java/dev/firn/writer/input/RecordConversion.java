package dev.firn.writer.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts rows of one schema into another by field name (nested structs, lists and maps included),
 * widening int to long, float to double and decimals to a larger precision. Fields the target has
 * and the source lacks are null.
 */
public final class RecordConversion {
  private final UnaryOperator<Object> root;

  private RecordConversion(UnaryOperator<Object> root) {
    this.root = root;
  }

  /**
   * A conversion from {@code source} to {@code target}.
   *
   * @throws IllegalArgumentException if a field's types cannot be converted: the message names the
   *     column and both types
   */
  public static RecordConversion between(Schema source, Schema target) {
    return new RecordConversion(struct(source.asStruct(), target.asStruct(), ""));
  }

  /**
   * The row in the target schema.
   *
   * @throws IllegalArgumentException if a required target column is null in the row: the message
   *     names the column
   */
  public Record convert(Record row) {
    return (Record) root.apply(row);
  }

  private static UnaryOperator<Object> struct(
      Types.StructType source, Types.StructType target, String prefix) {
    for (Types.NestedField field : source.fields()) {
      if (target.field(field.name()) == null) {
        throw new IllegalArgumentException(
            "Column " + prefix + field.name() + " is not in the target schema");
      }
    }
    List<Types.NestedField> fields = target.fields();
    int[] positions = new int[fields.size()];
    List<UnaryOperator<Object>> converters = new ArrayList<>();
    String[] required = new String[fields.size()];
    for (int i = 0; i < positions.length; i++) {
      Types.NestedField field = fields.get(i);
      String path = prefix + field.name();
      Types.NestedField from = source.field(field.name());
      positions[i] = from == null ? -1 : source.fields().indexOf(from);
      converters.add(from == null ? null : value(from.type(), field.type(), path));
      required[i] = field.isRequired() ? path : null;
    }
    return new StructConverter(GenericRecord.create(target), positions, converters, required);
  }

  /** Builds target records position by position from a precomputed plan. */
  private record StructConverter(
      GenericRecord template,
      int[] positions,
      List<UnaryOperator<Object>> converters,
      String[] required)
      implements UnaryOperator<Object> {
    @Override
    public Object apply(Object value) {
      Record in = (Record) value;
      GenericRecord out = template.copy();
      for (int i = 0; i < positions.length; i++) {
        Object v = positions[i] < 0 ? null : in.get(positions[i]);
        if (v != null) {
          UnaryOperator<Object> converter = converters.get(i);
          out.set(i, converter == null ? v : converter.apply(v));
        } else if (required[i] != null) {
          throw requiredNull(required[i]);
        }
      }
      return out;
    }
  }

  private static IllegalArgumentException requiredNull(String path) {
    return new IllegalArgumentException("Column " + path + " is required but null");
  }

  /** The converter for one value, or null when values pass through unchanged. */
  private static UnaryOperator<Object> value(Type from, Type to, String path) {
    if (from.isStructType() && to.isStructType()) {
      return struct(from.asStructType(), to.asStructType(), path + ".");
    } else if (from.isListType() && to.isListType()) {
      return list(from.asListType(), to.asListType(), path);
    } else if (from.isMapType() && to.isMapType()) {
      return map(from.asMapType(), to.asMapType(), path);
    } else if (from.isPrimitiveType() && to.isPrimitiveType()) {
      return primitive(from.asPrimitiveType(), to.asPrimitiveType(), path);
    }
    throw incompatible(from, to, path);
  }

  private static UnaryOperator<Object> primitive(
      Type.PrimitiveType from, Type.PrimitiveType to, String path) {
    if (from.equals(to)) {
      return null;
    } else if (from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG) {
      return v -> ((Integer) v).longValue();
    } else if (from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE) {
      return v -> ((Float) v).doubleValue();
    } else if (from instanceof Types.DecimalType d1
        && to instanceof Types.DecimalType d2
        && d1.scale() == d2.scale()
        && d2.precision() >= d1.precision()) {
      return null;
    }
    throw incompatible(from, to, path);
  }

  private static UnaryOperator<Object> list(Types.ListType from, Types.ListType to, String path) {
    String elementPath = path + ".element";
    UnaryOperator<Object> element = value(from.elementType(), to.elementType(), elementPath);
    boolean required = to.isElementRequired();
    if (element == null && (!required || from.isElementRequired())) {
      return null;
    }
    return v -> {
      List<?> in = (List<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object item : in) {
        out.add(item(item, element, required, elementPath));
      }
      return out;
    };
  }

  private static UnaryOperator<Object> map(Types.MapType from, Types.MapType to, String path) {
    UnaryOperator<Object> key = value(from.keyType(), to.keyType(), path + ".key");
    String valuePath = path + ".value";
    UnaryOperator<Object> value = value(from.valueType(), to.valueType(), valuePath);
    boolean required = to.isValueRequired();
    if (key == null && value == null && (!required || from.isValueRequired())) {
      return null;
    }
    return v -> {
      Map<?, ?> in = (Map<?, ?>) v;
      Map<Object, Object> out = new LinkedHashMap<>(in.size() * 2);
      in.forEach(
          (k, item) ->
              out.put(key == null ? k : key.apply(k), item(item, value, required, valuePath)));
      return out;
    };
  }

  private static Object item(
      Object item, UnaryOperator<Object> converter, boolean required, String path) {
    if (item == null) {
      if (required) {
        throw requiredNull(path);
      }
      return null;
    }
    return converter == null ? item : converter.apply(item);
  }

  private static IllegalArgumentException incompatible(Type from, Type to, String path) {
    return new IllegalArgumentException(
        "Cannot convert column " + path + " from " + name(from) + " to " + name(to));
  }

  private static String name(Type type) {
    return type.isNestedType()
        ? type.typeId().name().toLowerCase(java.util.Locale.ROOT)
        : type.toString();
  }
}
