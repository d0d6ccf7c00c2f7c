package dev.firn.writer.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/** The int columns a text input needs as long. */
final class Widening {
  private Widening() {}

  /** The columns (full names) that are int in the table and long in the input. */
  static List<String> intsReadAsLong(Schema table, Schema input) {
    List<String> columns = new ArrayList<>();
    Map<String, Integer> byName = TypeUtil.indexByName(table.asStruct());
    for (Map.Entry<String, Integer> column : byName.entrySet()) {
      Type before = table.findType(column.getValue());
      Types.NestedField after = input.findField(column.getKey());
      if (before.typeId() == Type.TypeID.INTEGER
          && after != null
          && after.type().typeId() == Type.TypeID.LONG) {
        columns.add(column.getKey());
      }
    }
    columns.sort(null);
    return columns;
  }

  /** The schema with the named int columns read as long. */
  static Schema toLong(Schema schema, Set<String> columns) {
    return new Schema(struct(schema.asStruct(), "", columns).fields());
  }

  private static Types.StructType struct(
      Types.StructType struct, String prefix, Set<String> columns) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (Types.NestedField field : struct.fields()) {
      String name = prefix + field.name();
      Type type = field.type();
      if (type.typeId() == Type.TypeID.INTEGER && columns.contains(name)) {
        type = Types.LongType.get();
      } else if (type.isStructType()) {
        type = struct(type.asStructType(), name + ".", columns);
      }
      fields.add(
          Types.NestedField.of(
              field.fieldId(), field.isOptional(), field.name(), type, field.doc()));
    }
    return Types.StructType.of(fields);
  }
}
