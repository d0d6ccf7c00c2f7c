package dev.firn.writer.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** CSV with a configurable delimiter, quote, header and null text. */
final class CsvSource {
  private static final int PROGRESS_EVERY = 4096;

  private CsvSource() {}

  static Inferred schema(InputFile file, Schema known, SourceOptions options) {
    try (CsvLines lines = new CsvLines(file, options)) {
      List<String> header = lines.header();
      List<Shape> shapes = new ArrayList<>();
      header.forEach(name -> shapes.add(new Shape()));
      // Inference looks past a broken record; reading reports it as a bad row.
      lines.onMalformed((position, reason, raw) -> {});
      int rows = 0;
      while (rows < options.inferRows() && lines.next()) {
        if (lines.size() == header.size()) {
          for (int i = 0; i < header.size(); i++) {
            String value = lines.value(i);
            if (value != null) {
              int kinds = TextValues.kinds(value);
              shapes.get(i).addText(kinds);
              shapes.get(i).count(kinds, TextValues.quoted(value));
              if ((kinds & TextValues.LONG) != 0 && TextValues.beyondInt(value)) {
                shapes.get(i).sawBeyondInt();
              }
            }
          }
          rows++;
        }
      }
      Map<String, Shape> columns = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        columns.put(header.get(i), shapes.get(i));
      }
      return TypeInference.csv(columns, known);
    }
  }

  static void read(InputFile file, Schema schema, SourceOptions options, RowSink sink) {
    try (CsvLines lines = new CsvLines(file, options)) {
      List<String> header = lines.header();
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        byName.put(header.get(i), i);
      }
      List<Types.NestedField> fields = schema.columns();
      int[] sources = new int[fields.size()];
      ValueReader[] readers = new ValueReader[fields.size()];
      for (int i = 0; i < sources.length; i++) {
        sources[i] = byName.getOrDefault(fields.get(i).name(), -1);
        readers[i] = reader(fields.get(i).type(), fields.get(i).name());
      }
      GenericRecord template = GenericRecord.create(schema);
      long records = 0;
      lines.onMalformed(sink::reject);
      while (lines.next()) {
        if (++records % PROGRESS_EVERY == 0) {
          sink.bytesRead(lines.bytesRead());
        }
        if (lines.size() != header.size()) {
          sink.reject(
              lines.position(),
              "Expected " + header.size() + " columns, found " + lines.size(),
              lines.raw());
          continue;
        }
        GenericRecord row;
        try {
          row = row(template.copy(), sources, readers, lines);
        } catch (TextValues.BeyondInt e) {
          sink.beyondInt(e.column(), lines.position(), e.getMessage(), lines.raw());
          continue;
        } catch (TextValues.ValueException e) {
          sink.reject(lines.position(), e.getMessage(), lines.raw());
          continue;
        }
        sink.accept(row);
      }
      sink.bytesRead(lines.bytesRead());
    }
  }

  private static GenericRecord row(
      GenericRecord row, int[] sources, ValueReader[] readers, CsvLines lines) {
    for (int i = 0; i < sources.length; i++) {
      String text = sources[i] < 0 ? null : lines.value(sources[i]);
      if (text != null) {
        row.set(i, readers[i].read(text));
      }
    }
    return row;
  }

  @FunctionalInterface
  private interface ValueReader {
    Object read(String text);
  }

  private static ValueReader reader(Type type, String column) {
    if (type.isPrimitiveType()) {
      return text -> TextValues.parse(text, type, column);
    }
    JsonReaders.JsonValue json = JsonReaders.forType(type, column);
    return text -> {
      try (JsonParser parser = JsonReaders.JSON.createParser(text)) {
        parser.nextToken();
        return json.read(parser);
      } catch (JsonProcessingException e) {
        throw TextValues.mismatch(column, type, TextValues.quoted(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  static CSVFormat format(SourceOptions options) {
    return CSVFormat.RFC4180
        .builder()
        .setDelimiter(options.csvDelimiter())
        .setQuote(options.csvQuote())
        .setQuoteMode(QuoteMode.ALL_NON_NULL)
        .setNullString(null)
        .setIgnoreEmptyLines(false)
        .get();
  }
}
