package dev.firn.writer.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Turns sampled shapes into an Iceberg schema with fresh field ids. Columns that a known schema has
 * keep the known type; every column of a text input is optional.
 */
final class TypeInference {
  private int lastId = 0;
  private final List<String> notes = new ArrayList<>();

  private TypeInference() {}

  /**
   * The schema for NDJSON: every known column (known order), then new columns in first-seen order.
   */
  static Inferred ndjson(Shape root, Schema known) {
    TypeInference inference = new TypeInference();
    Types.StructType knownStruct = known == null ? null : known.asStruct();
    Schema schema = new Schema(inference.merge(knownStruct, root.fields(), true, ""));
    return new Inferred(schema, inference.notes);
  }

  /**
   * The schema for CSV: the header's columns, in order, typed by {@code known} where it has them.
   */
  static Inferred csv(Map<String, Shape> columns, Schema known) {
    TypeInference inference = new TypeInference();
    Types.StructType knownStruct = known == null ? null : known.asStruct();
    Schema schema = new Schema(inference.merge(knownStruct, columns, false, ""));
    return new Inferred(schema, inference.notes);
  }

  private int nextId() {
    return ++lastId;
  }

  private List<Types.NestedField> merge(
      Types.StructType known, Map<String, Shape> shapes, boolean allKnown, String prefix) {
    List<Types.NestedField> fields = new ArrayList<>();
    if (known != null && allKnown) {
      for (Types.NestedField field : known.fields()) {
        Type type = mergeType(field.type(), shapes.get(field.name()));
        fields.add(Types.NestedField.optional(nextId(), field.name(), type, field.doc()));
      }
    }
    for (Map.Entry<String, Shape> entry : shapes.entrySet()) {
      Types.NestedField knownField = known == null ? null : known.field(entry.getKey());
      if (knownField != null && allKnown) {
        continue;
      }
      int id = nextId();
      Type type =
          knownField != null
              ? mergeType(knownField.type(), entry.getValue())
              : infer(entry.getValue(), prefix + entry.getKey());
      fields.add(Types.NestedField.optional(id, entry.getKey(), type));
    }
    return fields;
  }

  private Type mergeType(Type known, Shape shape) {
    if (shape != null && known.isStructType() && shape.kind() == Shape.Kind.STRUCT) {
      return Types.StructType.of(merge(known.asStructType(), shape.fields(), true, ""));
    }
    if (shape != null
        && known.isListType()
        && shape.kind() == Shape.Kind.LIST
        && shape.element() != null) {
      Types.ListType list = known.asListType();
      Type element = mergeType(list.elementType(), shape.element());
      return list.isElementOptional()
          ? Types.ListType.ofOptional(nextId(), element)
          : Types.ListType.ofRequired(nextId(), element);
    }
    if (shape != null && known.typeId() == Type.TypeID.INTEGER && shape.beyondInt()) {
      // The input holds whole numbers an int cannot: it is a long input, whatever the table says.
      return Types.LongType.get();
    }
    return TypeUtil.assignFreshIds(known, this::nextId);
  }

  private Type infer(Shape shape, String column) {
    Type type = inferType(shape, column);
    if (type.typeId() == Type.TypeID.STRING && shape.kind() != Shape.Kind.NONE) {
      String note = shape.typeNote(column);
      if (note != null) {
        notes.add(note);
      }
    }
    return type;
  }

  private Type inferType(Shape shape, String column) {
    return switch (shape.kind()) {
      case NONE, MIXED -> Types.StringType.get();
      case LONG -> Types.LongType.get();
      case DOUBLE -> Types.DoubleType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case TEXT -> TextValues.typeOf(shape.textMask());
      case STRUCT ->
          shape.fields().isEmpty()
              ? Types.StringType.get()
              : Types.StructType.of(merge(null, shape.fields(), false, column + "."));
      case LIST -> {
        int id = nextId();
        Type element =
            shape.element() == null
                ? Types.StringType.get()
                : infer(shape.element(), column + ".element");
        yield Types.ListType.ofOptional(id, element);
      }
    };
  }
}
