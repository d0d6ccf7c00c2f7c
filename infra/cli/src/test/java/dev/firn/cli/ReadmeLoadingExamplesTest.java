package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import dev.firn.s3.EmbeddedS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * README's loading examples, read from README itself and run as written (input paths resolved in a
 * folder of example files) against a fresh {@code firn serve}.
 */
class ReadmeLoadingExamplesTest extends EmbeddedStackTest {
  private static final Path README = Paths.get("../../README.md");
  private static final Pattern INPUT = Pattern.compile("^[\\w./*-]+\\.(json|csv|parquet)$");

  @Test
  void theLoadingExamplesRunAsWrittenOnAFreshServer() throws Exception {
    Path inputs = Files.createDirectories(dir.resolve("inputs"));
    writeExampleInputs(inputs);
    List<List<String>> commands = commands("## Loading data");
    assertThat(commands).hasSizeGreaterThanOrEqualTo(6);

    for (List<String> command : commands) {
      List<String> args = new ArrayList<>();
      for (String word : command) {
        args.add(INPUT.matcher(word).matches() ? inputs.resolve(word).toString() : word);
      }
      args.addAll(
          List.of(
              "--no-progress",
              "--catalog-uri",
              stack.catalog().uri().toString(),
              "--credential",
              CommandRuns.rootCredential(stack)));
      Run run = CommandRuns.firn(Firn.commandLine(), args.toArray(String[]::new));
      assertThat(run.exit()).as(String.join(" ", command) + "\n" + run.err()).isZero();
    }

    Map<Long, String> orders = rows(TableIdentifier.parse("raw.shop.orders"), "note");
    assertThat(orders)
        .as("the filter replaced 2026-11-21, the parquet day replaced 2026-11-22")
        .isEqualTo(Map.of(1L, "from a.json", 5L, "fixed", 6L, "from day.parquet"));
    assertThat(rows(TableIdentifier.parse("raw.shop.customers"), "name"))
        .isEqualTo(Map.of(1L, "Ada"));
  }

  /** The {@code infra/bin/firn} lines of the first {@code sh} block after the heading, as words. */
  static List<List<String>> commands(String heading) throws IOException {
    String text = Files.readString(README);
    String section = text.substring(text.indexOf("\n" + heading + "\n"));
    String block = section.substring(section.indexOf("```sh\n") + 6);
    block = block.substring(0, block.indexOf("```"));
    List<List<String>> commands = new ArrayList<>();
    for (String line : block.lines().toList()) {
      if (line.startsWith("infra/bin/firn ")) {
        List<String> words = words(line);
        commands.add(words.subList(1, words.size()));
      }
    }
    return commands;
  }

  /** A shell line's words: quotes removed, a comment dropped. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (c == '#' && word == null) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static void writeExampleInputs(Path inputs) throws IOException {
    Path orders = Files.createDirectories(inputs.resolve("exports/orders"));
    Files.write(
        orders.resolve("a.json"),
        List.of(order(1, "2026-11-20", "from a.json"), order(2, "2026-11-21", "from a.json")));
    Files.write(orders.resolve("b.json"), List.of(order(3, "2026-11-22", "from b.json")));
    EmbeddedS3 s3 = stack.embeddedStorage().orElseThrow();
    s3.createBucket("landing");
    try (S3Client upload =
        S3Client.builder()
            .endpointOverride(s3.endpoint())
            .region(Region.of(s3.region()))
            .forcePathStyle(true)
            .httpClientBuilder(ApacheHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
            .build()) {
      upload.putObject(
          b -> b.bucket("landing").key("orders/2026-11-21/part-0.json"),
          RequestBody.fromString(order(4, "2026-11-21", "from landing") + "\n"));
    }
    Files.write(inputs.resolve("customers.csv"), List.of("id,name", "1,Ada", "2,Grace"));
    Files.write(inputs.resolve("gone.csv"), List.of("id", "2"));
    Schema schema =
        new Schema(
            Types.NestedField.optional(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(3, "day", Types.DateType.get()),
            Types.NestedField.optional(4, "note", Types.StringType.get()));
    Record day = GenericRecord.create(schema);
    day.setField("id", 6L);
    day.setField("ts", OffsetDateTime.of(2026, 11, 22, 9, 0, 0, 0, ZoneOffset.UTC));
    day.setField("day", LocalDate.parse("2026-11-22"));
    day.setField("note", "from day.parquet");
    try (FileAppender<Record> out =
        Parquet.write(org.apache.iceberg.Files.localOutput(inputs.resolve("day.parquet").toFile()))
            .schema(schema)
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      out.add(day);
    }
    Files.write(inputs.resolve("fix.json"), List.of(order(5, "2026-11-21", "fixed")));
  }

  private static String order(long id, String day, String note) {
    return String.format(
        "{\"id\": %d, \"ts\": \"%sT10:00:00Z\", \"day\": \"%s\", \"note\": \"%s\"}",
        id, day, day, note);
  }

  private static Map<Long, String> rows(TableIdentifier id, String column) throws IOException {
    Table table = client.loadTable(id);
    Map<Long, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        rows.put((Long) record.getField("id"), String.valueOf(record.getField(column)));
      }
    }
    return rows;
  }
}
