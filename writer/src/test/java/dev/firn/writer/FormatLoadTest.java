package dev.firn.writer;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Each input format loads into a new raw-zone table and reads back equal, value for value. */
class FormatLoadTest extends WriterTestBase {
  static final Types.StructType ADDRESS =
      Types.StructType.of(
          optional(20, "city", Types.StringType.get()),
          optional(21, "zip", Types.IntegerType.get()));

  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "name", Types.StringType.get()),
          optional(3, "amount", Types.DecimalType.of(10, 2)),
          optional(4, "ts_local", Types.TimestampType.withoutZone()),
          optional(5, "ts_utc", Types.TimestampType.withZone()),
          optional(6, "day", Types.DateType.get()),
          optional(7, "flag", Types.BooleanType.get()),
          optional(8, "score", Types.DoubleType.get()),
          optional(9, "address", ADDRESS),
          optional(10, "tags", Types.ListType.ofOptional(30, Types.StringType.get())),
          optional(
              11,
              "attrs",
              Types.MapType.ofOptional(31, 32, Types.StringType.get(), Types.LongType.get())));

  static final Schema FLAT =
      SCHEMA.select("id", "name", "amount", "ts_local", "ts_utc", "day", "flag", "score");

  static List<Record> expected(Schema schema) {
    List<Record> rows = new ArrayList<>();
    Record full = GenericRecord.create(SCHEMA);
    full.setField("id", 1L);
    full.setField("name", "Ada, \"the\" first");
    full.setField("amount", new BigDecimal("1234.50"));
    full.setField("ts_local", LocalDateTime.of(2026, 3, 1, 12, 30, 15, 123_456_000));
    full.setField("ts_utc", OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC));
    full.setField("day", LocalDate.of(2026, 3, 1));
    full.setField("flag", true);
    full.setField("score", 0.25);
    Record address = GenericRecord.create(ADDRESS);
    address.setField("city", "Zürich");
    address.setField("zip", 8001);
    full.setField("address", address);
    full.setField("tags", List.of("a", "b"));
    Map<String, Long> attrs = new LinkedHashMap<>();
    attrs.put("x", 1L);
    attrs.put("y", -2L);
    full.setField("attrs", attrs);
    rows.add(full);
    Record empty = GenericRecord.create(SCHEMA);
    empty.setField("id", 2L);
    rows.add(empty);
    Record negative = GenericRecord.create(SCHEMA);
    negative.setField("id", 3L);
    negative.setField("name", "");
    negative.setField("amount", new BigDecimal("-0.01"));
    negative.setField("ts_local", LocalDateTime.of(1969, 12, 31, 23, 59, 59));
    negative.setField("ts_utc", OffsetDateTime.of(1999, 12, 31, 23, 0, 0, 0, ZoneOffset.UTC));
    negative.setField("day", LocalDate.of(1900, 1, 1));
    negative.setField("flag", false);
    negative.setField("score", -1.5e10);
    Record noCity = GenericRecord.create(ADDRESS);
    noCity.setField("zip", 1);
    negative.setField("address", noCity);
    negative.setField("tags", List.of());
    negative.setField("attrs", Map.of());
    rows.add(negative);
    if (schema == SCHEMA) {
      return rows;
    }
    List<Record> projected = new ArrayList<>();
    for (Record row : rows) {
      Record flat = GenericRecord.create(schema);
      schema.columns().forEach(c -> flat.setField(c.name(), row.getField(c.name())));
      projected.add(flat);
    }
    return projected;
  }

  @Test
  void parquetLoadsValueForValue() throws IOException {
    Path file = dir.resolve("rows.parquet");
    try (FileAppender<Record> out =
        Parquet.write(org.apache.iceberg.Files.localOutput(file.toFile()))
            .schema(SCHEMA)
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      out.addAll(expected(SCHEMA));
    }
    assertLoadsEqual(raw("from_parquet"), file, null, SCHEMA);
  }

  @Test
  void avroLoadsValueForValue() throws IOException {
    Path file = dir.resolve("rows.avro");
    writeAvro(file);
    assertLoadsEqual(raw("from_avro"), file, null, SCHEMA);
  }

  @Test
  void ndjsonLoadsValueForValueWithADeclaredSchema() throws IOException {
    Path file = dir.resolve("rows.json");
    Files.writeString(
        file,
        """
        {"id": 1, "name": "Ada, \\"the\\" first", "amount": "1234.50", \
        "ts_local": "2026-03-01T12:30:15.123456", "ts_utc": "2026-03-01T11:00:00+01:00", \
        "day": "2026-03-01", "flag": true, "score": 0.25, \
        "address": {"city": "Zürich", "zip": 8001}, "tags": ["a", "b"], "attrs": {"x": 1, "y": -2}}
        {"id": 2}

        {"id": 3, "name": "", "amount": -0.01, "ts_local": "1969-12-31T23:59:59", \
        "ts_utc": "1999-12-31T23:00:00Z", "day": "1900-01-01", "flag": false, "score": -1.5e10, \
        "address": {"city": null, "zip": 1}, "tags": [], "attrs": {}}
        """,
        StandardCharsets.UTF_8);
    assertLoadsEqual(raw("from_ndjson"), file, SCHEMA, SCHEMA);
  }

  @Test
  void csvLoadsValueForValueWithADeclaredSchema() throws IOException {
    Path file = dir.resolve("rows.csv");
    Files.writeString(
        file,
        """
        id,name,amount,ts_local,ts_utc,day,flag,score
        1,"Ada, ""the"" first",1234.50,2026-03-01T12:30:15.123456,2026-03-01T10:00:00Z,2026-03-01,true,0.25
        2,,,,,,,
        3,"",-0.01,1969-12-31T23:59:59,1999-12-31T23:00:00Z,1900-01-01,false,-1.5e10
        """,
        StandardCharsets.UTF_8);
    assertLoadsEqual(raw("from_csv"), file, FLAT, FLAT);
  }

  @Test
  void textInputsInferTypesWhenNoSchemaIsGiven() throws IOException {
    Path file = dir.resolve("events.json");
    Files.writeString(
        file,
        """
        {"id": 1, "at": "2026-03-01T10:00:00Z", "day": "2026-03-01", "n": 1.5, "ok": true}
        {"id": 2, "at": "2026-03-02T10:00:00Z", "day": "2026-03-02", "n": 2, "ok": null}
        """);
    IngestResult result =
        writer
            .ingest(raw("inferred"))
            .files(List.of(file.toString()))
            .createIfMissing(true)
            .commit();

    Table table = catalog.loadTable(raw("inferred"));
    assertThat(result.rows()).isEqualTo(2);
    assertThat(table.schema().findType("id")).isEqualTo(Types.LongType.get());
    assertThat(table.schema().findType("at")).isEqualTo(Types.TimestampType.withZone());
    assertThat(table.schema().findType("day")).isEqualTo(Types.DateType.get());
    assertThat(table.schema().findType("n")).isEqualTo(Types.DoubleType.get());
    assertThat(table.schema().findType("ok")).isEqualTo(Types.BooleanType.get());
    assertThat(rows(table, "id").get(1))
        .containsEntry("n", 2.0)
        .containsEntry("at", OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void s3FilesLoadThroughTheCatalogsStorageSettings() throws IOException {
    String location = s3.uniqueLocation("inputs") + "/day=1/part-0.json";
    try (var io = writer.inputIo().newOutputFile(location).createOrOverwrite()) {
      io.write(
          "{\"id\": 7, \"v\": \"x\"}\n{\"id\": 8, \"v\": \"y\"}\n"
              .getBytes(StandardCharsets.UTF_8));
    }
    String prefix = location.substring(0, location.indexOf("day=1/"));
    IngestResult result =
        writer.ingest(raw("from_s3")).files(List.of(prefix)).createIfMissing(true).commit();

    assertThat(result.rows()).isEqualTo(2);
    assertThat(rows(catalog.loadTable(raw("from_s3")), "id"))
        .extracting(row -> row.get("v"))
        .containsExactly("x", "y");
  }

  private void assertLoadsEqual(TableIdentifier id, Path file, Schema declared, Schema schema) {
    IngestResult result =
        writer
            .ingest(id)
            .files(List.of(file.toString()))
            .schema(declared)
            .createIfMissing(true)
            .commit();

    Table table = catalog.loadTable(id);
    assertThat(result.rows()).isEqualTo(3);
    assertThat(result.dataFiles()).isEqualTo(1);
    assertThat(table.currentSnapshot().summary())
        .containsEntry(TableWriter.BATCH_ID, result.batch().id());
    assertThat(table.schema().asStruct().fields())
        .extracting(Types.NestedField::name)
        .containsExactlyElementsOf(schema.columns().stream().map(Types.NestedField::name).toList());
    List<Object> expected = new ArrayList<>();
    for (Record row : expected(schema)) {
      expected.add(plain(row, schema.asStruct()));
    }
    assertThat(rows(table, "id")).isEqualTo(expected);
  }

  private static void writeAvro(Path file) throws IOException {
    org.apache.avro.Schema decimal =
        LogicalTypes.decimal(10, 2)
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
    org.apache.avro.Schema localTs =
        LogicalTypes.localTimestampMicros()
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
    org.apache.avro.Schema utcTs =
        LogicalTypes.timestampMicros()
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
    org.apache.avro.Schema date =
        LogicalTypes.date()
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
    org.apache.avro.Schema address =
        SchemaBuilder.record("address")
            .fields()
            .optionalString("city")
            .optionalInt("zip")
            .endRecord();
    org.apache.avro.Schema avro =
        SchemaBuilder.record("row")
            .fields()
            .requiredLong("id")
            .optionalString("name")
            .name("amount")
            .type()
            .optional()
            .type(decimal)
            .name("ts_local")
            .type()
            .optional()
            .type(localTs)
            .name("ts_utc")
            .type()
            .optional()
            .type(utcTs)
            .name("day")
            .type()
            .optional()
            .type(date)
            .optionalBoolean("flag")
            .optionalDouble("score")
            .name("address")
            .type()
            .optional()
            .type(address)
            .name("tags")
            .type()
            .optional()
            .array()
            .items()
            .stringType()
            .name("attrs")
            .type()
            .optional()
            .map()
            .values()
            .longType()
            .endRecord();
    Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
    try (DataFileWriter<GenericData.Record> out =
        new DataFileWriter<>(new GenericDatumWriter<GenericData.Record>(avro))) {
      out.create(avro, file.toFile());
      for (Record row : expected(SCHEMA)) {
        GenericData.Record record = new GenericData.Record(avro);
        record.put("id", row.getField("id"));
        record.put("name", row.getField("name"));
        BigDecimal amount = (BigDecimal) row.getField("amount");
        record.put(
            "amount",
            amount == null ? null : decimals.toBytes(amount, decimal, decimal.getLogicalType()));
        LocalDateTime local = (LocalDateTime) row.getField("ts_local");
        record.put(
            "ts_local",
            local == null
                ? null
                : ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), local));
        OffsetDateTime utc = (OffsetDateTime) row.getField("ts_utc");
        record.put(
            "ts_utc",
            utc == null
                ? null
                : ChronoUnit.MICROS.between(
                    OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), utc));
        LocalDate day = (LocalDate) row.getField("day");
        record.put("day", day == null ? null : (int) day.toEpochDay());
        record.put("flag", row.getField("flag"));
        record.put("score", row.getField("score"));
        Record addr = (Record) row.getField("address");
        if (addr != null) {
          GenericData.Record a = new GenericData.Record(address);
          a.put("city", addr.getField("city"));
          a.put("zip", addr.getField("zip"));
          record.put("address", a);
        }
        record.put("tags", row.getField("tags"));
        record.put("attrs", row.getField("attrs"));
        out.append(record);
      }
    }
  }
}
