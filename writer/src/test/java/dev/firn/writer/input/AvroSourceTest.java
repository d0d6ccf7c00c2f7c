package dev.firn.writer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroSourceTest {
  @TempDir Path dir;

  @Test
  void convertsTheWriterSchema() {
    Schema schema = AvroRecords.icebergSchema(AvroSamples.SCHEMA);
    assertThat(schema.findField("id").isRequired()).isTrue();
    assertThat(schema.findField("name").isOptional()).isTrue();
    assertThat(schema.findType("amount")).isEqualTo(Types.DecimalType.of(10, 2));
    assertThat(schema.findType("day")).isEqualTo(Types.DateType.get());
    assertThat(schema.findType("at")).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findType("local")).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(schema.findType("time")).isEqualTo(Types.TimeType.get());
    assertThat(schema.findType("address.zip")).isEqualTo(Types.IntegerType.get());
    assertThat(schema.findField("address").isOptional()).isTrue();
    assertThat(schema.findType("tags").asListType().isElementOptional()).isTrue();
    assertThat(schema.findType("counts").toString()).isEqualTo("map<string, long>");
    assertThat(schema.findType("counts").asMapType().isValueRequired()).isTrue();
    assertThat(schema.findType("uuid")).isEqualTo(Types.UUIDType.get());
    assertThat(schema.findType("raw")).isEqualTo(Types.BinaryType.get());
  }

  @Test
  void readsEveryTypeAndNulls() throws IOException {
    File file = AvroSamples.writeAvro(dir.resolve("in.avro").toFile());
    InputFile input = org.apache.iceberg.Files.localInput(file);
    Schema schema = SourceFormat.AVRO.schema(input, null, SourceOptions.defaults());
    CollectingSink sink = new CollectingSink();
    SourceFormat.AVRO.read(input, schema, SourceOptions.defaults(), sink);

    assertThat(sink.rejects).isEmpty();
    assertThat(sink.rows).hasSize(2);
    AvroSamples.assertFirst(sink.rows.get(0));
    assertThat(sink.rows.get(1).getField("name")).isNull();
    assertThat(sink.rows.get(1).getField("address")).isNull();
    assertThat(sink.bytes).isEqualTo(file.length());
  }

  @Test
  void convertsJavaRecords() {
    Schema schema = AvroRecords.icebergSchema(AvroSamples.SCHEMA);
    AvroSamples.assertFirst(AvroRecords.toRecord(AvroSamples.records().get(0), schema));
  }

  @Test
  void notAnAvroFile() throws IOException {
    Path path = Files.writeString(dir.resolve("bad.avro"), "{\"a\": 1}\n");
    InputFile input = org.apache.iceberg.Files.localInput(path.toFile());
    assertThatThrownBy(() -> SourceFormat.AVRO.schema(input, null, SourceOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(input.location() + ": Not an Avro data file");
  }

  @Test
  void corruptBlockNamesTheRecord() throws IOException {
    File file = AvroSamples.writeAvro(dir.resolve("in.avro").toFile());
    try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
      raf.seek(raf.length() - 10);
      raf.write(new byte[] {9, 9, 9, 9, 9});
    }
    InputFile input = org.apache.iceberg.Files.localInput(file);
    Schema schema = SourceFormat.AVRO.schema(input, null, SourceOptions.defaults());
    assertThatThrownBy(
            () ->
                SourceFormat.AVRO.read(
                    input, schema, SourceOptions.defaults(), new CollectingSink()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(input.location() + ":record ")
        .hasMessageContaining("Corrupt Avro data");
  }
}
