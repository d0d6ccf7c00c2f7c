package dev.firn.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.bench.core.IngestSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The baseline: a load as a hand-written Java job would do it with the same libraries and none of
 * Firn's features. A fixed schema, NDJSON parsed line by line with Jackson's {@code readTree} or
 * Parquet read with Iceberg's generic reader, rows written through {@code FanoutDataWriter} rolled
 * at the table's target file size, and one append commit.
 */
record PlainIcebergLoader(Catalog catalog) {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Counts(long rows, long bytesRead, int dataFiles, long bytesWritten) {}

  Counts load(TableIdentifier id, InputFormat format, List<Path> files) throws IOException {
    Table table = catalog.createTable(id, IngestSchema.SCHEMA);
    FanoutDataWriter<Record> writer = newWriter(table);
    long rows = 0;
    long bytes = 0;
    try {
      for (Path file : files) {
        rows +=
            format == InputFormat.NDJSON
                ? readNdjson(file, writer, table.spec())
                : readParquet(file, writer, table.spec());
        bytes += Files.size(file);
      }
    } finally {
      writer.close();
    }
    List<DataFile> written = writer.result().dataFiles();
    AppendFiles append = table.newAppend();
    written.forEach(append::appendFile);
    append.commit();
    long bytesWritten = written.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    return new Counts(rows, bytes, written.size(), bytesWritten);
  }

  private static FanoutDataWriter<Record> newWriter(Table table) {
    long targetFileSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, 1)
            .format(FileFormat.PARQUET)
            .operationId(UUID.randomUUID().toString())
            .build();
    return new FanoutDataWriter<>(
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build(),
        files,
        table.io(),
        targetFileSize);
  }

  private static long readNdjson(Path file, FanoutDataWriter<Record> writer, PartitionSpec spec)
      throws IOException {
    long rows = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          writer.write(toRecord(JSON.readTree(line)), spec, null);
          rows++;
        }
      }
    }
    return rows;
  }

  private static long readParquet(Path file, FanoutDataWriter<Record> writer, PartitionSpec spec) {
    long rows = 0;
    try (CloseableIterable<Record> records =
        Parquet.read(org.apache.iceberg.Files.localInput(file.toFile()))
            .project(IngestSchema.SCHEMA)
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(IngestSchema.SCHEMA, fileSchema))
            .build()) {
      for (Record record : records) {
        writer.write(record, spec, null);
        rows++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return rows;
  }

  private static Record toRecord(JsonNode node) {
    Record record = GenericRecord.create(IngestSchema.SCHEMA);
    record.set(0, node.hasNonNull("id") ? node.get("id").asLong() : null);
    String ts = text(node, "ts");
    record.set(1, ts == null ? null : OffsetDateTime.parse(ts));
    record.set(2, text(node, "user"));
    record.set(3, text(node, "country"));
    record.set(4, node.hasNonNull("amount") ? node.get("amount").asDouble() : null);
    record.set(5, node.hasNonNull("qty") ? node.get("qty").asInt() : null);
    record.set(6, node.hasNonNull("flag") ? node.get("flag").asBoolean() : null);
    JsonNode tags = node.get("tags");
    if (tags != null && tags.isArray()) {
      List<String> values = new ArrayList<>(tags.size());
      tags.forEach(tag -> values.add(tag.isNull() ? null : tag.asText()));
      record.set(7, values);
    }
    JsonNode device = node.get("device");
    if (device != null && device.isObject()) {
      Record struct = GenericRecord.create(IngestSchema.DEVICE);
      struct.set(0, text(device, "os"));
      struct.set(1, text(device, "version"));
      record.set(8, struct);
    }
    record.set(9, text(node, "note"));
    return record;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
