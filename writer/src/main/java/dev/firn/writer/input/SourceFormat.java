package dev.firn.writer.input;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;

/**
 * The file formats the writer reads. Every format gives a schema for a file, then streams the
 * file's rows in that schema.
 *
 * <p>Typed formats (Avro, Parquet) report the file's own types. Text formats (NDJSON, CSV) infer
 * types from the first rows, except for columns that {@code known} already has: those are parsed
 * into the known type, so a table's types stay stable across loads.
 */
public enum SourceFormat {
  NDJSON,
  CSV,
  AVRO,
  PARQUET;

  /** The format named by a user, e.g. {@code json}, {@code ndjson}, {@code csv}. */
  public static SourceFormat named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "json", "ndjson", "jsonl" -> NDJSON;
      case "csv" -> CSV;
      case "avro" -> AVRO;
      case "parquet" -> PARQUET;
      default ->
          throw new IllegalArgumentException(
              "Unknown input format: " + name + " (known: ndjson, csv, avro, parquet)");
    };
  }

  /** The format a file name implies, by its extension (ignoring .gz), if any. */
  public static Optional<SourceFormat> forPath(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    String extension = name.substring(name.lastIndexOf('.') + 1);
    if (name.lastIndexOf('.') < name.lastIndexOf('/')) {
      return Optional.empty();
    }
    return switch (extension) {
      case "json", "ndjson", "jsonl" -> Optional.of(NDJSON);
      case "csv", "tsv" -> Optional.of(CSV);
      case "avro" -> Optional.of(AVRO);
      case "parquet", "parq" -> Optional.of(PARQUET);
      default -> Optional.empty();
    };
  }

  /** Whether the format carries its own types (else types are inferred from text). */
  public boolean typed() {
    return this == AVRO || this == PARQUET;
  }

  /**
   * The schema of a file's rows. Field ids are arbitrary: the writer matches fields by name.
   *
   * @param known types for columns the target table already has (by name, nested included); may be
   *     null. Only text formats use it.
   * @throws BadInputException when the file cannot be read
   */
  public Schema schema(InputFile file, Schema known, SourceOptions options) {
    return infer(file, known, options).schema();
  }

  /** The schema of a file's rows as {@link #schema}, with what inference noted about it. */
  public Inferred infer(InputFile file, Schema known, SourceOptions options) {
    return switch (this) {
      case NDJSON -> NdjsonSource.schema(file, known, options);
      case CSV -> CsvSource.schema(file, known, options);
      case AVRO -> new Inferred(AvroSource.schema(file), List.of());
      case PARQUET -> new Inferred(ParquetSource.schema(file), List.of());
    };
  }

  /**
   * Streams every row of a file, in {@code schema} (as returned by {@link #schema}), into {@code
   * sink}. A row that cannot be parsed or converted goes to {@link RowSink#reject}; a file that
   * cannot be read at all throws {@link BadInputException}.
   */
  public void read(InputFile file, Schema schema, SourceOptions options, RowSink sink) {
    switch (this) {
      case NDJSON -> NdjsonSource.read(file, schema, options, sink);
      case CSV -> CsvSource.read(file, schema, options, sink);
      case AVRO -> AvroSource.read(file, schema, sink);
      case PARQUET -> ParquetSource.read(file, schema, sink);
    }
  }
}
