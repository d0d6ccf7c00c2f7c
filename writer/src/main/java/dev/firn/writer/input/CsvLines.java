package dev.firn.writer.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.iceberg.io.InputFile;

/** The records of a CSV file with the physical line each starts on. */
final class CsvLines implements AutoCloseable {
  private final InputFile file;
  private final SourceOptions options;
  private final TextInput.CountingStream raw;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private CSVRecord current;
  private long line;
  private long firstLine;
  private boolean replayFirst;

  CsvLines(InputFile file, SourceOptions options) {
    this.file = file;
    this.options = options;
    this.raw = TextInput.counting(file);
    try {
      BufferedReader reader = TextInput.reader(file, raw);
      this.parser =
          CSVParser.builder().setReader(reader).setFormat(CsvSource.format(options)).get();
    } catch (IOException e) {
      throw new BadInputException(file.location(), "Cannot read: " + e.getMessage(), e);
    }
    this.records = parser.iterator();
  }

  /** The column names: the first record's, or c1..cN without a header. */
  List<String> header() {
    if (!next()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      String value = value(i);
      if (!options.csvHeader()) {
        names.add("c" + (i + 1));
      } else {
        String name = value == null ? "" : TextInput.withoutBom(value).trim();
        names.add(name.isEmpty() ? "c" + (i + 1) : name);
      }
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw new BadInputException(position(), "Duplicate column names in CSV header: " + names);
    }
    replayFirst = !options.csvHeader();
    return names;
  }

  /** Moves to the next non-blank record; false at the end. */
  boolean next() {
    if (replayFirst) {
      replayFirst = false;
      line = firstLine;
      return true;
    }
    do {
      long before = parser.getCurrentLineNumber();
      try {
        if (!records.hasNext()) {
          return false;
        }
        current = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new BadInputException(
            file.location() + ":line " + (before + 1), "Malformed CSV: " + message(e), e);
      }
      line = before + 1;
      if (firstLine == 0) {
        firstLine = line;
      }
    } while (current.size() == 1 && current.get(0) == null);
    return true;
  }

  private static String message(RuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause.getMessage();
  }

  int size() {
    return current.size();
  }

  /** The value of column {@code i}, null for an unquoted empty field or the null text. */
  String value(int i) {
    String value = current.get(i);
    if (value != null
        && !options.csvNullValue().isEmpty()
        && value.equals(options.csvNullValue())) {
      return null;
    }
    return value;
  }

  String position() {
    return file.location() + ":line " + line;
  }

  String raw() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < current.size(); i++) {
      if (i > 0) {
        text.append(options.csvDelimiter());
      }
      text.append(current.get(i) == null ? "" : current.get(i));
    }
    return TextValues.raw(text.toString());
  }

  long bytesRead() {
    return raw.count();
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
