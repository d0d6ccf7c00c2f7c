/**
 * Reading a load's inputs: NDJSON, CSV, Avro and Parquet files (local or {@code s3://}, resolved
 * from folders and globs), their schemas inferred or declared, and their values converted to a
 * table's types.
 *
 * <p>{@link dev.firn.writer.input.SourceFormat}, {@link dev.firn.writer.input.SourceOptions},
 * {@link dev.firn.writer.input.AvroRecords} and {@link dev.firn.writer.input.BadInputException} are
 * part of the writer's API. {@link dev.firn.writer.input.Inferred}, {@link
 * dev.firn.writer.input.InputFiles}, {@link dev.firn.writer.input.RecordConversion}, {@link
 * dev.firn.writer.input.RowSink} and {@link dev.firn.writer.input.TableFolders} are public only for
 * the load in {@code dev.firn.writer.load}, internal: not part of the writer's API; the readers
 * themselves are package-private.
 */
package dev.firn.writer.input;
