package dev.firn.writer.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.InputFile;

/** Newline-delimited JSON: one JSON object per line, blank lines skipped. */
final class NdjsonSource {
  private static final int PROGRESS_EVERY = 4096;

  private NdjsonSource() {}

  static Inferred schema(InputFile file, Schema known, SourceOptions options) {
    Shape root = new Shape();
    int rows = 0;
    long lineNumber = 0;
    try (BufferedReader reader = TextInput.reader(file, TextInput.counting(file))) {
      String line;
      while (rows < options.inferRows() && (line = reader.readLine()) != null) {
        lineNumber++;
        if (!line.isBlank() && observe(lineNumber == 1 ? TextInput.withoutBom(line) : line, root)) {
          rows++;
        }
      }
    } catch (IOException e) {
      throw new BadInputException(
          file.location() + ":line " + (lineNumber + 1), "Cannot read: " + e.getMessage(), e);
    }
    return TypeInference.ndjson(root, known);
  }

  /** Adds one line's object to the sample; false when the line is not a JSON object. */
  private static boolean observe(String line, Shape root) throws IOException {
    try (JsonParser parser = JsonReaders.JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      observeValue(parser, root);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static void observeValue(JsonParser parser, Shape shape) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        shape.add(Shape.Kind.STRUCT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          Shape field = shape.field(parser.currentName());
          parser.nextToken();
          observeValue(parser, field);
        }
      }
      case START_ARRAY -> {
        shape.add(Shape.Kind.LIST);
        Shape element = shape.elementShape();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          observeValue(parser, element);
        }
      }
      case VALUE_STRING -> {
        int kinds = TextValues.temporalKinds(parser.getText()) & TextValues.TEMPORAL;
        shape.addText(kinds);
        shape.count(kinds, TextValues.quoted(parser.getText()));
      }
      case VALUE_NUMBER_INT -> {
        JsonParser.NumberType number = parser.getNumberType();
        boolean big = number == JsonParser.NumberType.BIG_INTEGER;
        shape.add(big ? Shape.Kind.DOUBLE : Shape.Kind.LONG);
        shape.count(
            big ? TextValues.DOUBLE : TextValues.LONG | TextValues.DOUBLE, parser.getText());
        if (number == JsonParser.NumberType.LONG) {
          shape.sawBeyondInt();
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        shape.add(Shape.Kind.DOUBLE);
        shape.count(TextValues.DOUBLE, parser.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        shape.add(Shape.Kind.BOOLEAN);
        shape.count(TextValues.BOOLEAN, parser.getText());
      }
      default -> {}
    }
  }

  static void read(InputFile file, Schema schema, SourceOptions options, RowSink sink) {
    JsonReaders.JsonValue rows = JsonReaders.forStruct(schema.asStruct(), options.inferRows());
    TextInput.CountingStream raw = TextInput.counting(file);
    long lineNumber = 0;
    try (BufferedReader reader = TextInput.reader(file, raw)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber % PROGRESS_EVERY == 0) {
          sink.bytesRead(raw.count());
        }
        if (!line.isBlank()) {
          String text = lineNumber == 1 ? TextInput.withoutBom(line) : line;
          readLine(text, rows, file.location() + ":line " + lineNumber, sink);
        }
      }
      sink.bytesRead(raw.count());
    } catch (IOException e) {
      throw new BadInputException(
          file.location() + ":line " + (lineNumber + 1), "Cannot read: " + e.getMessage(), e);
    }
  }

  private static void readLine(String line, JsonReaders.JsonValue rows, String where, RowSink sink)
      throws IOException {
    Record row;
    try (JsonParser parser = JsonReaders.JSON.createParser(line)) {
      parser.nextToken();
      row = (Record) rows.read(parser);
      if (parser.nextToken() != null) {
        sink.reject(where, "Unexpected text after the JSON object", TextValues.raw(line));
        return;
      }
    } catch (JsonProcessingException e) {
      sink.reject(where, "Malformed JSON: " + e.getOriginalMessage(), TextValues.raw(line));
      return;
    } catch (TextValues.BeyondInt e) {
      sink.beyondInt(e.column(), where, e.getMessage(), TextValues.raw(line));
      return;
    } catch (TextValues.ValueException e) {
      sink.reject(where, e.getMessage(), TextValues.raw(line));
      return;
    }
    sink.accept(row);
  }
}
