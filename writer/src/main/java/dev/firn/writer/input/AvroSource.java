package dev.firn.writer.input;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.InputFile;

/** Avro data files, read with their own writer schema. */
final class AvroSource {
  private static final int PROGRESS_EVERY = 4096;

  private AvroSource() {}

  static Schema schema(InputFile file) {
    try (DataFileStream<GenericRecord> stream = open(file, TextInput.counting(file))) {
      return AvroRecords.icebergSchema(stream.getSchema());
    } catch (IOException e) {
      throw new BadInputException(file.location(), "Cannot read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file.location(), e.getMessage(), e);
    }
  }

  static void read(InputFile file, Schema schema, RowSink sink) {
    TextInput.CountingStream raw = TextInput.counting(file);
    long record = 1;
    try (DataFileStream<GenericRecord> stream = open(file, raw)) {
      UnaryOperator<Object> converter = AvroRecords.converter(stream.getSchema(), schema);
      for (; stream.hasNext(); record++) {
        GenericRecord next = stream.next();
        Record row;
        try {
          row = (Record) converter.apply(next);
        } catch (RuntimeException e) {
          sink.reject(
              file.location() + ":record " + record,
              "Cannot convert the record: " + e.getMessage(),
              TextValues.raw(String.valueOf(next)));
          continue;
        }
        sink.accept(row);
        if (record % PROGRESS_EVERY == 0) {
          sink.bytesRead(raw.count());
        }
      }
      sink.bytesRead(raw.count());
    } catch (IOException | AvroRuntimeException e) {
      throw new BadInputException(
          file.location() + ":record " + record + " (near byte " + raw.count() + ")",
          "Corrupt Avro data: " + e.getMessage(),
          e);
    }
  }

  private static DataFileStream<GenericRecord> open(InputFile file, TextInput.CountingStream raw)
      throws IOException {
    try {
      return new DataFileStream<>(raw, new GenericDatumReader<>());
    } catch (IOException e) {
      raw.close();
      throw new BadInputException(
          file.location(), "Not an Avro data file (bad header at offset 0): " + e.getMessage(), e);
    }
  }
}
