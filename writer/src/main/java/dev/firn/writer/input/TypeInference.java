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

  private TypeInference() {}

  /**
   * The schema for NDJSON: every known column (known order), then new columns in first-seen order.
   */
  static Schema ndjson(Shape root, Schema known) {
    TypeInference inference = new TypeInference();
    Types.StructType knownStruct = known == null ? null : known.asStruct();
    return new Schema(inference.merge(knownStruct, root.fields(), true));
  }

  /**
   * The schema for CSV: the header's columns, in order, typed by {@code known} where it has them.
   */
  static Schema csv(Map<String, Shape> columns, Schema known) {
    TypeInference inference = new TypeInference();
    Types.StructType knownStruct = known == null ? null : known.asStruct();
    return new Schema(inference.merge(knownStruct, columns, false));
  }

  private int nextId() {
    return ++lastId;
  }

  private List<Types.NestedField> merge(
      Types.StructType known, Map<String, Shape> shapes, boolean allKnown) {
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
              : infer(entry.getValue());
      fields.add(Types.NestedField.optional(id, entry.getKey(), type));
    }
    return fields;
  }

  private Type mergeType(Type known, Shape shape) {
    if (shape != null && known.isStructType() && shape.kind() == Shape.Kind.STRUCT) {
      return Types.StructType.of(merge(known.asStructType(), shape.fields(), true));
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
    return TypeUtil.assignFreshIds(known, this::nextId);
  }

  private Type infer(Shape shape) {
    return switch (shape.kind()) {
      case NONE, MIXED -> Types.StringType.get();
      case LONG -> Types.LongType.get();
      case DOUBLE -> Types.DoubleType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case TEXT -> TextValues.typeOf(shape.textMask());
      case STRUCT ->
          shape.fields().isEmpty()
              ? Types.StringType.get()
              : Types.StructType.of(merge(null, shape.fields(), false));
      case LIST -> {
        int id = nextId();
        Type element = shape.element() == null ? Types.StringType.get() : infer(shape.element());
        yield Types.ListType.ofOptional(id, element);
      }
    };
  }
}
