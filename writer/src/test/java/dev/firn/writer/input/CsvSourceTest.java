package dev.firn.writer.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
  @TempDir Path dir;

  private InputFile write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, text);
    return org.apache.iceberg.Files.localInput(path.toFile());
  }

  private static CollectingSink read(InputFile file, Schema schema, SourceOptions options) {
    CollectingSink sink = new CollectingSink();
    SourceFormat.CSV.read(file, schema, options, sink);
    return sink;
  }

  @Test
  void infersAndReadsTypes() throws IOException {
    InputFile file =
        write(
            "in.csv",
            "id,price,ok,day,at,local,name,empty\n"
                + "1,2.5,TRUE,2024-01-02,2024-01-02T03:04:05Z,2024-01-02 03:04:05,\"a, b\",\n"
                + "2,3,false,2024-01-03,2024-01-02T03:04:05+01:00,2024-01-02T03:04:06,\"\",\n");
    Schema schema = SourceFormat.CSV.schema(file, null, SourceOptions.defaults());
    assertThat(schema.columns())
        .extracting(f -> f.name() + ":" + f.type())
        .containsExactly(
            "id:long",
            "price:double",
            "ok:boolean",
            "day:date",
            "at:timestamptz",
            "local:timestamp",
            "name:string",
            "empty:string");

    CollectingSink sink = read(file, schema, SourceOptions.defaults());
    assertThat(sink.rejects).isEmpty();
    Record first = sink.rows.get(0);
    assertThat(first.getField("id")).isEqualTo(1L);
    assertThat(first.getField("ok")).isEqualTo(true);
    assertThat(first.getField("day")).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(first.getField("local")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
    assertThat(first.getField("name")).isEqualTo("a, b");
    assertThat(first.getField("empty")).isNull();
    Record second = sink.rows.get(1);
    assertThat(second.getField("price")).isEqualTo(3.0);
    assertThat(second.getField("at"))
        .isEqualTo(OffsetDateTime.of(2024, 1, 2, 2, 4, 5, 0, ZoneOffset.UTC));
    assertThat(second.getField("name")).isEqualTo("");
  }

  @Test
  void honoursDelimiterQuoteNoHeaderAndNullText() throws IOException {
    InputFile file = write("in.tsv", "1;'x;y';NULL\n2;NULL;'NULL'\n");
    SourceOptions options = SourceOptions.defaults().withCsv(';', '\'', false, "NULL");
    Schema schema = SourceFormat.CSV.schema(file, null, options);
    assertThat(schema.columns())
        .extracting(f -> f.name() + ":" + f.type())
        .containsExactly("c1:long", "c2:string", "c3:string");
    CollectingSink sink = read(file, schema, options);
    assertThat(sink.rows).hasSize(2);
    assertThat(sink.rows.get(0).getField("c2")).isEqualTo("x;y");
    assertThat(sink.rows.get(0).getField("c3")).isNull();
    assertThat(sink.rows.get(1).getField("c1")).isEqualTo(2L);
    assertThat(sink.rows.get(1).getField("c2")).isNull();
  }

  @Test
  void rejectsWithPhysicalLineNumbers() throws IOException {
    InputFile file =
        write(
            "in.csv",
            "a,b,c\n"
                + "1,\"multi\nline\",x\n"
                + "\n"
                + "2,two\n"
                + "3,\"also\r\nmulti\",y\n"
                + "four,b,c\n"
                + "5,b,c\n");
    Schema known = new Schema(Types.NestedField.required(1, "a", Types.IntegerType.get()));
    Schema schema = SourceFormat.CSV.schema(file, known, SourceOptions.defaults());
    assertThat(schema.findType("a")).isEqualTo(Types.IntegerType.get());
    CollectingSink sink = read(file, schema, SourceOptions.defaults());

    assertThat(sink.rows).extracting(r -> r.getField("a")).containsExactly(1, 3, 5);
    assertThat(sink.rows.get(0).getField("b")).isEqualTo("multi\nline");
    String loc = file.location();
    assertThat(sink.rejects)
        .extracting(CollectingSink.Reject::position)
        .containsExactly(loc + ":line 5", loc + ":line 8");
    assertThat(sink.rejects.get(0).reason()).isEqualTo("Expected 3 columns, found 2");
    assertThat(sink.rejects.get(0).raw()).isEqualTo("2,two");
    assertThat(sink.rejects.get(1).reason()).isEqualTo("Column a: expected int, got \"four\"");
  }

  @Test
  void parsesKnownDecimalsAndNestedJson() throws IOException {
    InputFile file = write("in.csv", "amount,tags\n12.3,\"[\"\"x\"\",\"\"y\"\"]\"\n");
    Schema known =
        new Schema(
            Types.NestedField.optional(1, "amount", Types.DecimalType.of(9, 2)),
            Types.NestedField.optional(
                2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())));
    Schema schema = SourceFormat.CSV.schema(file, known, SourceOptions.defaults());
    CollectingSink sink = read(file, schema, SourceOptions.defaults());
    assertThat(sink.rejects).isEmpty();
    assertThat(sink.rows.get(0).getField("amount")).isEqualTo(new BigDecimal("12.30"));
    assertThat(sink.rows.get(0).getField("tags")).isEqualTo(java.util.List.of("x", "y"));
  }

  @Test
  void aMalformedRecordIsABadRowAndReadingGoesOnAtTheNextLine() throws IOException {
    InputFile file = write("bad.csv", "a,b\n1,2\n3,\"oops\"x,9\n4,5\n6,\"unterminated\n");
    Schema schema = new Schema(Types.NestedField.optional(1, "a", Types.LongType.get()));

    CollectingSink sink = read(file, schema, SourceOptions.defaults());

    assertThat(sink.rows).extracting(row -> row.getField("a")).containsExactly(1L, 4L);
    assertThat(sink.rejects)
        .extracting(CollectingSink.Reject::position)
        .containsExactly(file.location() + ":line 3", file.location() + ":line 5");
    assertThat(sink.rejects.get(0).reason()).startsWith("Malformed CSV");
    assertThat(sink.rejects.get(0).raw()).isEqualTo("3,\"oops\"x,9");
  }
}
