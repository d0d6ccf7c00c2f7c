package dev.firn.writer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;

/** Writes small Avro container files for tests. */
final class AvroFiles {
  private AvroFiles() {}

  static Path write(Path file, Schema schema, List<Map<String, Object>> rows) {
    try (DataFileWriter<GenericData.Record> out =
        new DataFileWriter<>(new GenericDatumWriter<GenericData.Record>(schema))) {
      out.create(schema, file.toFile());
      for (Map<String, Object> row : rows) {
        GenericData.Record record = new GenericData.Record(schema);
        row.forEach(record::put);
        out.append(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
