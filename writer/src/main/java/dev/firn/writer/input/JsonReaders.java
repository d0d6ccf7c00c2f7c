package dev.firn.writer.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Readers that turn the JSON value under a streaming parser into an Iceberg value of one type. */
final class JsonReaders {
  static final JsonFactory JSON = new JsonFactory();

  /** Reads the value at the parser's current token, leaving the parser on its last token. */
  @FunctionalInterface
  interface JsonValue {
    Object read(JsonParser parser) throws IOException;
  }

  private final int inferRows;

  private JsonReaders(int inferRows) {
    this.inferRows = inferRows;
  }

  /** A reader of JSON objects into records of {@code struct}. */
  static JsonValue forStruct(Types.StructType struct, int inferRows) {
    return new JsonReaders(inferRows).struct(struct, "");
  }

  /** A reader of one JSON value into {@code type}. */
  static JsonValue forType(Type type, String column) {
    return new JsonReaders(0).reader(type, column);
  }

  private JsonValue reader(Type type, String path) {
    return switch (type.typeId()) {
      case STRUCT -> struct(type.asStructType(), path + ".");
      case LIST -> list(type.asListType(), path);
      case MAP -> map(type.asMapType(), path);
      case STRING -> JsonReaders::text;
      case BOOLEAN -> p -> bool(p, type, path);
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> number(type, path);
      default -> p -> textOnly(p, type, path);
    };
  }

  private JsonValue struct(Types.StructType struct, String prefix) {
    Map<String, Integer> positions = new HashMap<>();
    List<Types.NestedField> fields = struct.fields();
    JsonValue[] readers = new JsonValue[fields.size()];
    for (int i = 0; i < readers.length; i++) {
      positions.put(fields.get(i).name(), i);
      readers[i] = reader(fields.get(i).type(), prefix + fields.get(i).name());
    }
    GenericRecord template = GenericRecord.create(struct);
    String where = prefix.isEmpty() ? "a JSON object" : prefix.substring(0, prefix.length() - 1);
    return p -> {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new TextValues.ValueException(
            "Expected "
                + (prefix.isEmpty() ? where : "an object for column " + where)
                + ", got "
                + shown(p));
      }
      GenericRecord row = template.copy();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        Integer pos = positions.get(name);
        if (pos == null) {
          throw unknownField(prefix + name);
        }
        if (p.nextToken() != JsonToken.VALUE_NULL) {
          row.set(pos, readers[pos].read(p));
        }
      }
      return row;
    };
  }

  private TextValues.ValueException unknownField(String column) {
    return new TextValues.ValueException(
        "Unknown field "
            + column
            + ": it is not in the schema inferred from the first "
            + inferRows
            + " rows (use a larger infer-rows or give the schema explicitly)");
  }

  private JsonValue list(Types.ListType list, String path) {
    JsonValue element = reader(list.elementType(), path + ".element");
    return p -> {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw TextValues.mismatch(path, list, shown(p));
      }
      List<Object> values = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        values.add(p.currentToken() == JsonToken.VALUE_NULL ? null : element.read(p));
      }
      return values;
    };
  }

  private JsonValue map(Types.MapType map, String path) {
    Type keyType = map.keyType();
    JsonValue value = reader(map.valueType(), path + ".value");
    return p -> {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw TextValues.mismatch(path, map, shown(p));
      }
      Map<Object, Object> values = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        Object key = TextValues.parse(name, keyType, path + ".key");
        p.nextToken();
        values.put(key, p.currentToken() == JsonToken.VALUE_NULL ? null : value.read(p));
      }
      return values;
    };
  }

  private static Object text(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      StringWriter out = new StringWriter();
      try (JsonGenerator generator = JSON.createGenerator(out)) {
        generator.copyCurrentStructure(p);
      }
      return out.toString();
    }
    return p.getText();
  }

  private static Object bool(JsonParser p, Type type, String path) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_STRING -> TextValues.parse(p.getText(), type, path);
      default -> throw TextValues.mismatch(path, type, shown(p));
    };
  }

  private static Object textOnly(JsonParser p, Type type, String path) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw TextValues.mismatch(path, type, shown(p));
    }
    return TextValues.parse(p.getText(), type, path);
  }

  private static JsonValue number(Type type, String path) {
    return p -> {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_STRING) {
        return TextValues.parse(p.getText(), type, path);
      } else if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        throw TextValues.mismatch(path, type, shown(p));
      }
      return switch (type.typeId()) {
        case INTEGER -> integral(p, type, path, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
        case LONG -> integral(p, type, path, Long.MIN_VALUE, Long.MAX_VALUE);
        case FLOAT -> p.getFloatValue();
        case DOUBLE -> p.getDoubleValue();
        default -> TextValues.decimal(p.getDecimalValue(), (Types.DecimalType) type, path);
      };
    };
  }

  private static Long integral(JsonParser p, Type type, String path, long min, long max)
      throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw TextValues.mismatch(path, type, p.getText());
    }
    long value = p.getLongValue();
    if (value < min || value > max) {
      throw type.typeId() == Type.TypeID.INTEGER
          ? new TextValues.BeyondInt(path, p.getText())
          : TextValues.mismatch(path, type, p.getText());
    }
    return value;
  }

  /** The current value as shown in a message. */
  static String shown(JsonParser p) throws IOException {
    if (p.currentToken() == null) {
      return "nothing";
    }
    return switch (p.currentToken()) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> TextValues.quoted(p.getText());
      default -> TextValues.shorten(p.getText());
    };
  }
}
