package dev.firn.writer.input;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * An Avro schema using every supported type, two records of it, and the values they should read as.
 */
final class AvroSamples {
  static final UUID ID = UUID.fromString("8a7c1f0e-2b9d-4e3a-9f61-0c2d3e4f5a6b");
  static final long MICROS = 1_704_164_645_123_456L; // 2024-01-02T03:04:05.123456Z

  static final Schema ADDRESS =
      SchemaBuilder.record("address")
          .fields()
          .requiredString("city")
          .optionalInt("zip")
          .endRecord();

  static final Schema SCHEMA =
      SchemaBuilder.record("row")
          .fields()
          .requiredInt("id")
          .optionalString("name")
          .name("amount")
          .type(decimal())
          .noDefault()
          .name("day")
          .type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT)))
          .noDefault()
          .name("at")
          .type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
          .noDefault()
          .name("local")
          .type(LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
          .noDefault()
          .name("time")
          .type(LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT)))
          .noDefault()
          .name("address")
          .type()
          .optional()
          .type(ADDRESS)
          .name("tags")
          .type()
          .array()
          .items()
          .nullable()
          .stringType()
          .noDefault()
          .name("counts")
          .type()
          .map()
          .values()
          .longType()
          .noDefault()
          .name("uuid")
          .type(LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING)))
          .noDefault()
          .name("raw")
          .type()
          .bytesType()
          .noDefault()
          .endRecord();

  private AvroSamples() {}

  private static Schema decimal() {
    return LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES));
  }

  static List<GenericRecord> records() {
    GenericRecord address = new GenericData.Record(ADDRESS);
    address.put("city", "Oslo");
    address.put("zip", 150);
    GenericRecord full = new GenericData.Record(SCHEMA);
    full.put("id", 1);
    full.put("name", "first");
    full.put("amount", ByteBuffer.wrap(new BigDecimal("12.34").unscaledValue().toByteArray()));
    full.put("day", 19_724);
    full.put("at", MICROS);
    full.put("local", MICROS);
    full.put("time", 3_723_004);
    full.put("address", address);
    full.put("tags", java.util.Arrays.asList("a", null));
    full.put("counts", Map.of("k", 7L));
    full.put("uuid", ID.toString());
    full.put("raw", ByteBuffer.wrap(new byte[] {1, 2}));
    GenericRecord sparse = new GenericData.Record(SCHEMA);
    SCHEMA.getFields().forEach(f -> sparse.put(f.name(), full.get(f.name())));
    sparse.put("id", 2);
    sparse.put("name", null);
    sparse.put("address", null);
    sparse.put("tags", List.of());
    return List.of(full, sparse);
  }

  static File writeAvro(File file) throws IOException {
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>())) {
      writer.create(SCHEMA, file);
      for (GenericRecord record : records()) {
        writer.append(record);
      }
    }
    return file;
  }

  /** Checks the first sample record as read back as an Iceberg row. */
  static void assertFirst(Record row) {
    org.assertj.core.api.Assertions.assertThat(row.getField("id")).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(row.getField("name")).isEqualTo("first");
    org.assertj.core.api.Assertions.assertThat(row.getField("amount"))
        .isEqualTo(new BigDecimal("12.34"));
    org.assertj.core.api.Assertions.assertThat(row.getField("day"))
        .isEqualTo(LocalDate.of(2024, 1, 2));
    org.assertj.core.api.Assertions.assertThat(row.getField("at"))
        .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC));
    org.assertj.core.api.Assertions.assertThat(row.getField("local"))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
    org.assertj.core.api.Assertions.assertThat(row.getField("time"))
        .isEqualTo(LocalTime.of(1, 2, 3, 4_000_000));
    Record address = (Record) row.getField("address");
    org.assertj.core.api.Assertions.assertThat(address.getField("city")).isEqualTo("Oslo");
    org.assertj.core.api.Assertions.assertThat(address.getField("zip")).isEqualTo(150);
    org.assertj.core.api.Assertions.assertThat(row.getField("tags"))
        .isEqualTo(java.util.Arrays.asList("a", null));
    org.assertj.core.api.Assertions.assertThat(row.getField("counts")).isEqualTo(Map.of("k", 7L));
    org.assertj.core.api.Assertions.assertThat(row.getField("uuid")).isEqualTo(ID);
    org.assertj.core.api.Assertions.assertThat(row.getField("raw"))
        .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
  }
}
