package dev.firn.writer.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.iceberg.io.InputFile;

/** The records of a CSV file with the physical line each starts on. */
final class CsvLines implements AutoCloseable {
  private final InputFile file;
  private final SourceOptions options;
  private TextInput.CountingStream raw;
  private CSVParser parser;
  private Iterator<CSVRecord> records;
  private CSVRecord current;
  private long line;
  private long firstLine;
  private long lineOffset;
  private boolean replayFirst;
  private Malformed malformed;

  /** Receives a record the CSV parser could not read; reading goes on at the next line. */
  interface Malformed {
    void record(String position, String reason, String raw);
  }

  CsvLines(InputFile file, SourceOptions options) {
    this.file = file;
    this.options = options;
    open(0);
  }

  /**
   * Opens the file at a physical line (0: the start).
   *
   * @return the text of the last line skipped, or null
   */
  private String open(long skipLines) {
    this.raw = TextInput.counting(file);
    String skipped = null;
    try {
      BufferedReader reader = TextInput.reader(file, raw);
      for (long i = 0; i < skipLines; i++) {
        skipped = reader.readLine();
      }
      this.parser =
          CSVParser.builder().setReader(reader).setFormat(CsvSource.format(options)).get();
    } catch (IOException e) {
      throw new BadInputException(file.location(), "Cannot read: " + e.getMessage(), e);
    }
    this.records = parser.iterator();
    this.lineOffset = skipLines;
    return skipped;
  }

  /** From now on, a malformed record goes to {@code handler} instead of failing the file. */
  void onMalformed(Malformed handler) {
    this.malformed = handler;
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
      long before = parser.getCurrentLineNumber() + lineOffset;
      try {
        if (!records.hasNext()) {
          return false;
        }
        current = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        String position = file.location() + ":line " + (before + 1);
        if (malformed == null || !isMalformedRecord(e)) {
          throw new BadInputException(position, "Malformed CSV: " + message(e), e);
        }
        // Skip the line the broken record starts on; the parser starts again after it.
        closeParser();
        String text = open(before + 1);
        malformed.record(
            position, "Malformed CSV: " + message(e), text == null ? null : TextValues.raw(text));
        current = null;
        continue;
      }
      line = before + 1;
      if (firstLine == 0) {
        firstLine = line;
      }
    } while (current == null || current.size() == 1 && current.get(0) == null);
    return true;
  }

  /** A record the parser cannot read, as opposed to a file that cannot be read at all. */
  private static boolean isMalformedRecord(RuntimeException e) {
    return e instanceof IllegalStateException || e.getCause() instanceof CSVException;
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

  private void closeParser() {
    try {
      parser.close();
    } catch (IOException e) {
      // Going past it anyway.
    }
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
