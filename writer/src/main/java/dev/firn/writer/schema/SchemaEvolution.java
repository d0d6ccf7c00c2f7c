package dev.firn.writer.schema;

import dev.firn.writer.IncompatibleSchemaException;
import dev.firn.writer.SchemaChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Compares an input's schema with a table's, by column name, and works out the additive changes a
 * load makes: new columns (optional), widened types (int to long, float to double, a decimal's
 * precision), and required columns the input lacks made optional. Any other difference is refused
 * with the column and both types named, before anything is written.
 */
final class SchemaEvolution {
  private final String table;
  private final String input;
  private final List<SchemaChange> changes = new ArrayList<>();
  private final AtomicInteger nextId;

  private SchemaEvolution(String table, String input, int lastColumnId) {
    this.table = table;
    this.input = input;
    this.nextId = new AtomicInteger(lastColumnId + 1);
  }

  /** The result: the changes, and the schema they lead to (new field ids are provisional). */
  record Result(List<SchemaChange> changes, Schema schema) {}

  /**
   * Evolves {@code current} to accept rows of {@code incoming}.
   *
   * @param tableName the table, for messages
   * @param inputName the input, for messages
   * @throws IncompatibleSchemaException naming the column and both types
   */
  static Result evolve(Schema current, Schema incoming, String tableName, String inputName) {
    SchemaEvolution evolution =
        new SchemaEvolution(tableName, inputName, Math.max(current.highestFieldId(), 0));
    Types.StructType merged = evolution.struct(null, current.asStruct(), incoming.asStruct());
    return new Result(List.copyOf(evolution.changes), new Schema(merged.fields()));
  }

  private Types.StructType struct(String path, Types.StructType current, Types.StructType in) {
    List<NestedField> fields = new ArrayList<>();
    for (NestedField field : current.fields()) {
      NestedField incoming = in.field(field.name());
      if (incoming == null) {
        if (field.isRequired()) {
          changes.add(
              new SchemaChange(
                  SchemaChange.Kind.MAKE_OPTIONAL, path, field.name(), field.type(), field.type()));
          field = NestedField.optional(field.fieldId(), field.name(), field.type(), field.doc());
        }
        fields.add(field);
      } else {
        Type merged = type(join(path, field.name()), field.type(), incoming.type());
        fields.add(
            NestedField.of(field.fieldId(), field.isOptional(), field.name(), merged, field.doc()));
        recordWidening(path, field.name(), field.type(), merged);
      }
    }
    for (NestedField incoming : in.fields()) {
      if (current.field(incoming.name()) == null) {
        Type type = fresh(incoming.type());
        changes.add(
            new SchemaChange(SchemaChange.Kind.ADD_COLUMN, path, incoming.name(), null, type));
        fields.add(NestedField.optional(nextId.getAndIncrement(), incoming.name(), type));
      }
    }
    return Types.StructType.of(fields);
  }

  private void recordWidening(String path, String name, Type before, Type after) {
    if (after.isPrimitiveType() && !after.equals(before)) {
      changes.add(new SchemaChange(SchemaChange.Kind.WIDEN_TYPE, path, name, before, after));
    }
  }

  private Type type(String path, Type current, Type in) {
    if (current.isPrimitiveType() && in.isPrimitiveType()) {
      return primitive(path, current.asPrimitiveType(), in.asPrimitiveType());
    }
    if (current.typeId() != in.typeId()) {
      throw incompatible(path, current, in);
    }
    switch (current.typeId()) {
      case STRUCT:
        return struct(path, current.asStructType(), in.asStructType());
      case LIST:
        {
          Types.ListType list = current.asListType();
          Type element =
              type(join(path, "element"), list.elementType(), in.asListType().elementType());
          recordWidening(path, "element", list.elementType(), element);
          return list.isElementOptional()
              ? Types.ListType.ofOptional(list.elementId(), element)
              : Types.ListType.ofRequired(list.elementId(), element);
        }
      case MAP:
        {
          Types.MapType map = current.asMapType();
          Types.MapType inMap = in.asMapType();
          if (!map.keyType().equals(inMap.keyType())) {
            throw incompatible(join(path, "key"), map.keyType(), inMap.keyType());
          }
          Type value = type(join(path, "value"), map.valueType(), inMap.valueType());
          recordWidening(path, "value", map.valueType(), value);
          return map.isValueOptional()
              ? Types.MapType.ofOptional(map.keyId(), map.valueId(), map.keyType(), value)
              : Types.MapType.ofRequired(map.keyId(), map.valueId(), map.keyType(), value);
        }
      default:
        throw incompatible(path, current, in);
    }
  }

  /** The table's type, or the input's where the input's is a permitted widening of it. */
  private Type.PrimitiveType primitive(
      String path, Type.PrimitiveType current, Type.PrimitiveType in) {
    if (current.equals(in) || TypeWidening.widens(in, current)) {
      return current;
    }
    if (TypeWidening.widens(current, in)) {
      return in;
    }
    throw incompatible(path, current, in);
  }

  private IncompatibleSchemaException incompatible(String path, Type current, Type in) {
    return new IncompatibleSchemaException(
        "Column "
            + path
            + " is "
            + current
            + " in table "
            + table
            + " but "
            + in
            + " in "
            + input
            + ": a load may only add columns, widen int to long, float to double or a decimal's"
            + " precision, and make columns optional; nothing was written");
  }

  /** The type with new field ids, every nested field optional. */
  private Type fresh(Type type) {
    switch (type.typeId()) {
      case STRUCT:
        {
          List<NestedField> fields = new ArrayList<>();
          for (NestedField field : type.asStructType().fields()) {
            fields.add(
                NestedField.optional(nextId.getAndIncrement(), field.name(), fresh(field.type())));
          }
          return Types.StructType.of(fields);
        }
      case LIST:
        return Types.ListType.ofOptional(
            nextId.getAndIncrement(), fresh(type.asListType().elementType()));
      case MAP:
        {
          Types.MapType map = type.asMapType();
          return Types.MapType.ofOptional(
              nextId.getAndIncrement(),
              nextId.getAndIncrement(),
              fresh(map.keyType()),
              fresh(map.valueType()));
        }
      default:
        return type;
    }
  }

  private static String join(String path, String name) {
    return path == null ? name : path + "." + name;
  }
}
