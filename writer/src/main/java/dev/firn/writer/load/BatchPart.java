package dev.firn.writer.load;

import dev.firn.writer.input.AvroRecords;
import dev.firn.writer.input.Inferred;
import dev.firn.writer.input.RowSink;
import dev.firn.writer.input.SourceFormat;
import dev.firn.writer.input.SourceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.InputFile;

/** One part of a batch: an input file, or rows handed over in process. */
public interface BatchPart {
  /** Where the rows come from, for messages. */
  String location();

  /** The size in bytes, or -1 when unknown. */
  long size();

  /** The schema of the rows; text inputs type the columns {@code known} has as it says. */
  Schema schema(Schema known);

  /** The schema of the rows as {@link #schema}, with what inference noted about it. */
  default Inferred infer(Schema known) {
    return new Inferred(schema(known), List.of());
  }

  /** Whether the part is text (NDJSON, CSV), whose types are inferred rather than declared. */
  default boolean text() {
    return false;
  }

  /** Streams the rows, in {@code schema} (from {@link #schema}). */
  void read(Schema schema, RowSink sink);

  /** Feeds the part's content to a digest, for a batch id derived from content. */
  void digest(MessageDigest digest);

  static BatchPart file(InputFile file, SourceFormat format, SourceOptions options) {
    return new FilePart(file, format, options);
  }

  static BatchPart records(Schema schema, Iterable<Record> records) {
    return new RecordsPart(schema, records);
  }

  static BatchPart avro(org.apache.avro.Schema avroSchema, Iterable<GenericRecord> records) {
    Schema schema = AvroRecords.icebergSchema(avroSchema);
    Iterable<Record> rows =
        () -> {
          Iterator<GenericRecord> avro = records.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return avro.hasNext();
            }

            @Override
            public Record next() {
              return AvroRecords.toRecord(avro.next(), schema);
            }
          };
        };
    return new RecordsPart(schema, rows);
  }

  /** An input file in one of the supported formats. */
  record FilePart(InputFile file, SourceFormat format, SourceOptions options) implements BatchPart {
    @Override
    public boolean text() {
      return format == SourceFormat.NDJSON || format == SourceFormat.CSV;
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public long size() {
      return file.getLength();
    }

    @Override
    public Schema schema(Schema known) {
      return format.schema(file, known, options);
    }

    @Override
    public Inferred infer(Schema known) {
      return format.infer(file, known, options);
    }

    @Override
    public void read(Schema schema, RowSink sink) {
      format.read(file, schema, options, sink);
    }

    @Override
    public void digest(MessageDigest digest) {
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = file.newStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file.location(), e);
      }
    }
  }

  /** Iceberg records from a Java caller. */
  record RecordsPart(Schema schema, Iterable<Record> records) implements BatchPart {
    @Override
    public String location() {
      return "records";
    }

    @Override
    public long size() {
      return -1;
    }

    @Override
    public Schema schema(Schema known) {
      return schema;
    }

    @Override
    public void read(Schema readSchema, RowSink sink) {
      records.forEach(sink::accept);
    }

    @Override
    public void digest(MessageDigest digest) {
      records.forEach(r -> digest.update(r.toString().getBytes(StandardCharsets.UTF_8)));
    }
  }
}
