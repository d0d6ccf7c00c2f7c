package dev.firn.writer.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonSourceTest {
  @TempDir Path dir;

  private InputFile write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, text);
    return org.apache.iceberg.Files.localInput(path.toFile());
  }

  private static CollectingSink read(InputFile file, Schema schema, SourceOptions options) {
    CollectingSink sink = new CollectingSink();
    SourceFormat.NDJSON.read(file, schema, options, sink);
    return sink;
  }

  @Test
  void infersTypesFromEveryColumn() throws IOException {
    InputFile file =
        write(
            "in.json",
            """
            {"id": 1, "score": 2, "ok": true, "day": "2024-01-02", "at": "2024-01-02T03:04:05Z", \
            "local": "2024-01-02T03:04:05", "name": "a", "nothing": null, \
            "address": {"zip": "123"}, "tags": ["x"]}

            {"id": 2, "score": 2.5, "ok": false, "day": "2024-01-03", "at": "2024-01-02T03:04:05+02:00", \
            "local": "2024-01-02T03:04:06.5", "name": 7, "address": {"city": "Oslo"}, "tags": []}
            """);
    Schema schema = SourceFormat.NDJSON.schema(file, null, SourceOptions.defaults());

    assertThat(schema.findType("id")).isEqualTo(Types.LongType.get());
    assertThat(schema.findType("score")).isEqualTo(Types.DoubleType.get());
    assertThat(schema.findType("ok")).isEqualTo(Types.BooleanType.get());
    assertThat(schema.findType("day")).isEqualTo(Types.DateType.get());
    assertThat(schema.findType("at")).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findType("local")).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(schema.findType("name")).isEqualTo(Types.StringType.get());
    assertThat(schema.findType("nothing")).isEqualTo(Types.StringType.get());
    assertThat(schema.findType("address.zip")).isEqualTo(Types.StringType.get());
    assertThat(schema.findType("address.city")).isEqualTo(Types.StringType.get());
    assertThat(schema.findType("tags").asListType().elementType())
        .isEqualTo(Types.StringType.get());
    assertThat(schema.columns()).allMatch(Types.NestedField::isOptional);

    CollectingSink sink = read(file, schema, SourceOptions.defaults());
    assertThat(sink.rejects).isEmpty();
    assertThat(sink.rows).hasSize(2);
    Record second = sink.rows.get(1);
    assertThat(second.getField("score")).isEqualTo(2.5);
    assertThat(sink.rows.get(0).getField("score")).isEqualTo(2.0);
    assertThat(second.getField("name")).isEqualTo("7");
    assertThat(second.getField("at"))
        .isEqualTo(OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC));
    assertThat(second.getField("local"))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 6, 500_000_000));
    assertThat(second.getField("day")).isEqualTo(LocalDate.of(2024, 1, 3));
    assertThat(((Record) second.getField("address")).getField("city")).isEqualTo("Oslo");
    assertThat(((Record) second.getField("address")).getField("zip")).isNull();
    assertThat(second.getField("tags")).isEqualTo(List.of());
    assertThat(sink.rows.get(0).getField("tags")).isEqualTo(List.of("x"));
    assertThat(sink.bytes).isEqualTo(Files.size(dir.resolve("in.json")));
  }

  @Test
  void mixedKindsBecomeStrings() throws IOException {
    InputFile file =
        write("in.ndjson", "{\"v\": \"2024-01-01\"}\n{\"v\": \"soon\"}\n{\"v\": true}\n");
    Schema schema = SourceFormat.NDJSON.schema(file, null, SourceOptions.defaults());
    assertThat(schema.findType("v")).isEqualTo(Types.StringType.get());
    CollectingSink sink = read(file, schema, SourceOptions.defaults());
    assertThat(sink.rows)
        .extracting(r -> r.getField("v"))
        .containsExactly("2024-01-01", "soon", "true");
  }

  @Test
  void parsesIntoKnownTypes() throws IOException {
    Schema known =
        new Schema(
            Types.NestedField.required(1, "amount", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(2, "n", Types.IntegerType.get()),
            Types.NestedField.optional(3, "at", Types.TimestampType.withZone()),
            Types.NestedField.optional(
                4,
                "attrs",
                Types.MapType.ofOptional(5, 6, Types.StringType.get(), Types.LongType.get())),
            Types.NestedField.optional(7, "bytes", Types.BinaryType.get()),
            Types.NestedField.optional(
                8,
                "address",
                Types.StructType.of(
                    Types.NestedField.optional(9, "zip", Types.IntegerType.get()))));
    InputFile file =
        write(
            "in.json",
            """
            {"amount": "12.30", "n": 5, "at": "2024-05-06T07:08:09-01:00", "attrs": {"a": 1}, "bytes": "AAE=", \
            "address": {"zip": 1234, "city": "Oslo"}, "extra": 1.5}
            {"amount": 7.1, "n": 3000000000}
            {"amount": 1.234}
            {"amount": 3, "address": {"zip": "x"}}
            """);
    Schema schema = SourceFormat.NDJSON.schema(file, known, SourceOptions.defaults());
    assertThat(schema.findType("amount")).isEqualTo(Types.DecimalType.of(10, 2));
    assertThat(schema.findType("address.zip")).isEqualTo(Types.IntegerType.get());
    assertThat(schema.findType("n"))
        .as("a known int column whose values need a long reads as long")
        .isEqualTo(Types.LongType.get());
    assertThat(schema.findType("address.city")).isEqualTo(Types.StringType.get());
    assertThat(schema.findType("extra")).isEqualTo(Types.DoubleType.get());
    assertThat(schema.findField("amount").isOptional()).isTrue();

    CollectingSink sink = read(file, schema, SourceOptions.defaults());
    assertThat(sink.rows).hasSize(2);
    Record row = sink.rows.get(0);
    assertThat(row.getField("amount")).isEqualTo(new BigDecimal("12.30"));
    assertThat(row.getField("n")).isEqualTo(5L);
    assertThat(sink.rows.get(1).getField("n")).isEqualTo(3_000_000_000L);
    assertThat(row.getField("at"))
        .isEqualTo(OffsetDateTime.of(2024, 5, 6, 8, 8, 9, 0, ZoneOffset.UTC));
    assertThat(row.getField("attrs")).isEqualTo(Map.of("a", 1L));
    assertThat(row.getField("bytes")).isEqualTo(java.nio.ByteBuffer.wrap(new byte[] {0, 1}));
    assertThat(((Record) row.getField("address")).getField("zip")).isEqualTo(1234);

    assertThat(sink.rejects)
        .extracting(CollectingSink.Reject::position)
        .containsExactly(file.location() + ":line 3", file.location() + ":line 4");
    assertThat(sink.rejects.get(0).reason())
        .isEqualTo("Column amount: expected decimal(10, 2), got 1.234");
    assertThat(sink.rejects.get(1).reason())
        .isEqualTo("Column address.zip: expected int, got \"x\"");
    assertThat(sink.rejects.get(1).raw()).contains("\"zip\": \"x\"");

    InputFile big = write("big.json", "{\"n\": 3000000000}\n");
    Schema ints = new Schema(Types.NestedField.optional(1, "n", Types.IntegerType.get()));
    assertThat(read(big, ints, SourceOptions.defaults()).rejects)
        .extracting(CollectingSink.Reject::reason)
        .containsExactly(
            "Column n: 3000000000 is beyond the range of int (the schema mode evolve,"
                + " --schema-mode evolve, widens n to long)");
  }

  @Test
  void rejectsMalformedLinesAndUnknownFields() throws IOException {
    InputFile file =
        write(
            "in.jsonl",
            "{\"a\": 1}\n{\"a\": 2\n\n[1]\n{\"a\": 3, \"b\": 4}\n{\"a\": 4} x\n{\"a\": 5}\n");
    SourceOptions options = SourceOptions.defaults().withInferRows(1);
    Schema schema = SourceFormat.NDJSON.schema(file, null, options);
    assertThat(schema.columns()).extracting(Types.NestedField::name).containsExactly("a");

    CollectingSink sink = read(file, schema, options);
    assertThat(sink.rows).extracting(r -> r.getField("a")).containsExactly(1L, 5L);
    String loc = file.location();
    assertThat(sink.rejects)
        .extracting(CollectingSink.Reject::position)
        .containsExactly(loc + ":line 2", loc + ":line 4", loc + ":line 5", loc + ":line 6");
    assertThat(sink.rejects.get(0).reason()).startsWith("Malformed JSON: ");
    assertThat(sink.rejects.get(0).raw()).isEqualTo("{\"a\": 2");
    assertThat(sink.rejects.get(1).reason()).isEqualTo("Expected a JSON object, got an array");
    assertThat(sink.rejects.get(2).reason())
        .startsWith("Unknown field b")
        .contains("first 1 rows")
        .contains("infer-rows");
  }

  @Test
  void readsGzip() throws IOException {
    Path path = dir.resolve("in.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
      out.write("{\"a\": \"x\"}\n{\"a\": \"y\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    InputFile file = org.apache.iceberg.Files.localInput(path.toFile());
    Schema schema = SourceFormat.NDJSON.schema(file, null, SourceOptions.defaults());
    CollectingSink sink = read(file, schema, SourceOptions.defaults());
    assertThat(sink.rows).extracting(r -> r.getField("a")).containsExactly("x", "y");
    assertThat(sink.bytes).isEqualTo(Files.size(path));
  }

  @Test
  void formatsByExtension() {
    assertThat(SourceFormat.forPath("s3://b/x/data.JSONL.gz")).contains(SourceFormat.NDJSON);
    assertThat(SourceFormat.forPath("a.tsv")).contains(SourceFormat.CSV);
    assertThat(SourceFormat.forPath("a.parq")).contains(SourceFormat.PARQUET);
    assertThat(SourceFormat.forPath("a.avro")).contains(SourceFormat.AVRO);
    assertThat(SourceFormat.forPath("dir.csv/file")).isEmpty();
    assertThat(SourceFormat.forPath("a.txt")).isEmpty();
  }
}
