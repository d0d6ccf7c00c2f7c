package dev.firn.writer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSourceTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "amount", Types.DecimalType.of(12, 3)),
          Types.NestedField.optional(3, "at", Types.TimestampType.withZone()),
          Types.NestedField.optional(4, "local", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(5, "day", Types.DateType.get()),
          Types.NestedField.optional(
              6,
              "address",
              Types.StructType.of(
                  Types.NestedField.optional(7, "city", Types.StringType.get()),
                  Types.NestedField.optional(8, "zip", Types.IntegerType.get()))),
          Types.NestedField.optional(
              9, "tags", Types.ListType.ofOptional(10, Types.StringType.get())),
          Types.NestedField.optional(
              11,
              "counts",
              Types.MapType.ofOptional(12, 13, Types.StringType.get(), Types.DoubleType.get())),
          Types.NestedField.optional(14, "ok", Types.BooleanType.get()),
          Types.NestedField.optional(15, "ratio", Types.FloatType.get()));

  @TempDir Path dir;

  private File writeIceberg() throws IOException {
    File file = dir.resolve("iceberg.parquet").toFile();
    Record address =
        org.apache.iceberg.data.GenericRecord.create(SCHEMA.findType("address").asStructType());
    address.setField("city", "Oslo");
    address.setField("zip", 150);
    Record full = org.apache.iceberg.data.GenericRecord.create(SCHEMA);
    full.setField("id", 1L);
    full.setField("amount", new BigDecimal("1.250"));
    full.setField("at", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6000, ZoneOffset.UTC));
    full.setField("local", LocalDateTime.of(2024, 1, 2, 3, 4, 5));
    full.setField("day", LocalDate.of(2024, 1, 2));
    full.setField("address", address);
    full.setField("tags", Arrays.asList("a", null));
    full.setField("counts", Map.of("x", 1.5));
    full.setField("ok", true);
    full.setField("ratio", 0.5f);
    Record sparse = org.apache.iceberg.data.GenericRecord.create(SCHEMA);
    sparse.setField("id", 2L);
    try (FileAppender<Record> appender =
        Parquet.write(org.apache.iceberg.Files.localOutput(file))
            .schema(SCHEMA)
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      appender.add(full);
      appender.add(sparse);
    }
    return file;
  }

  private static List<Record> readAll(InputFile input, Schema schema) {
    CollectingSink sink = new CollectingSink();
    SourceFormat.PARQUET.read(input, schema, SourceOptions.defaults(), sink);
    assertThat(sink.rejects).isEmpty();
    assertThat(sink.bytes).isEqualTo(input.getLength());
    return sink.rows;
  }

  @Test
  void readsIcebergWrittenFiles() throws IOException {
    InputFile input = org.apache.iceberg.Files.localInput(writeIceberg());
    Schema schema = SourceFormat.PARQUET.schema(input, null, SourceOptions.defaults());
    assertThat(schema.asStruct()).isEqualTo(SCHEMA.asStruct());

    List<Record> rows = readAll(input, schema);
    assertThat(rows).hasSize(2);
    Record row = rows.get(0);
    assertThat(row.getField("amount")).isEqualTo(new BigDecimal("1.250"));
    assertThat(row.getField("at"))
        .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6000, ZoneOffset.UTC));
    assertThat(row.getField("local")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
    assertThat(row.getField("day")).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(((Record) row.getField("address")).getField("zip")).isEqualTo(150);
    assertThat(row.getField("tags")).isEqualTo(Arrays.asList("a", null));
    assertThat(row.getField("counts")).isEqualTo(Map.of("x", 1.5));
    assertThat(row.getField("ratio")).isEqualTo(0.5f);
    assertThat(rows.get(1).getField("id")).isEqualTo(2L);
    assertThat(rows.get(1).getField("address")).isNull();
  }

  @Test
  void readsSchemasWithOtherIdsByName() throws IOException {
    InputFile input = org.apache.iceberg.Files.localInput(writeIceberg());
    Schema renumbered =
        new Schema(
            Types.NestedField.optional(100, "ok", Types.BooleanType.get()),
            Types.NestedField.required(101, "id", Types.LongType.get()));
    List<Record> rows = readAll(input, renumbered);
    assertThat(rows.get(0).getField("ok")).isEqualTo(true);
    assertThat(rows.get(0).getField("id")).isEqualTo(1L);
  }

  @Test
  void readsFilesWithoutFieldIds() throws IOException {
    Path path = dir.resolve("plain.parquet");
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new org.apache.hadoop.fs.Path(path.toUri()))
            .withSchema(AvroSamples.SCHEMA)
            .withConf(newListStructure())
            .build()) {
      for (GenericRecord record : AvroSamples.records()) {
        writer.write(record);
      }
    }
    InputFile input = org.apache.iceberg.Files.localInput(path.toFile());
    Schema schema = SourceFormat.PARQUET.schema(input, null, SourceOptions.defaults());
    assertThat(schema.findType("amount")).isEqualTo(Types.DecimalType.of(10, 2));
    assertThat(schema.findType("at")).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findType("local")).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(schema.findField("id").isRequired()).isTrue();

    List<Record> rows = readAll(input, schema);
    assertThat(rows).hasSize(2);
    Record row = rows.get(0);
    assertThat(row.getField("id")).isEqualTo(1);
    assertThat(row.getField("amount")).isEqualTo(new BigDecimal("12.34"));
    assertThat(row.getField("at"))
        .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC));
    assertThat(row.getField("day")).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(((Record) row.getField("address")).getField("city")).isEqualTo("Oslo");
    assertThat(row.getField("tags")).isEqualTo(Arrays.asList("a", null));
    assertThat(row.getField("counts")).isEqualTo(Map.of("k", 7L));
    assertThat(rows.get(1).getField("address")).isNull();
  }

  private static org.apache.hadoop.conf.Configuration newListStructure() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    conf.setBoolean("parquet.avro.write-old-list-structure", false);
    return conf;
  }

  @Test
  void readsLegacyTwoLevelLists() throws IOException {
    org.apache.avro.Schema avro =
        org.apache.avro.SchemaBuilder.record("r")
            .fields()
            .name("tags")
            .type()
            .array()
            .items()
            .stringType()
            .noDefault()
            .endRecord();
    GenericRecord record = new org.apache.avro.generic.GenericData.Record(avro);
    record.put("tags", List.of("x", "y"));
    Path path = dir.resolve("legacy.parquet");
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new org.apache.hadoop.fs.Path(path.toUri()))
            .withSchema(avro)
            .withConf(new org.apache.hadoop.conf.Configuration())
            .build()) {
      writer.write(record);
    }
    InputFile input = org.apache.iceberg.Files.localInput(path.toFile());
    Schema schema = SourceFormat.PARQUET.schema(input, null, SourceOptions.defaults());
    assertThat(readAll(input, schema).get(0).getField("tags")).isEqualTo(List.of("x", "y"));
  }

  @Test
  void overwrittenFooterNamesTheFileAndOffset() throws IOException {
    File file = writeIceberg();
    long length = file.length();
    try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
      raf.seek(length - 40);
      raf.write(new byte[32]);
    }
    InputFile input = org.apache.iceberg.Files.localInput(file);
    assertThatThrownBy(() -> SourceFormat.PARQUET.schema(input, null, SourceOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(input.location() + ": Not a Parquet file (bad footer at offset ");
  }

  @Test
  void truncatedFileNamesTheFile() throws IOException {
    File file = writeIceberg();
    byte[] bytes = Files.readAllBytes(file.toPath());
    Files.write(file.toPath(), Arrays.copyOf(bytes, bytes.length - 100));
    InputFile input = org.apache.iceberg.Files.localInput(file);
    assertThatThrownBy(
            () ->
                SourceFormat.PARQUET.read(
                    input, SCHEMA, SourceOptions.defaults(), new CollectingSink()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(input.location() + ": Not a Parquet file (bad footer at offset ")
        .hasMessageContaining("expected magic PAR1");
  }
}
