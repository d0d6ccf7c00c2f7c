package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.cli.CommandRuns.Run;
import dev.firn.testing.TableRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code firn ingest} and {@code firn publish} against {@code firn serve}'s embedded stack. */
class IngestCommandTest {
  @TempDir static Path dataDir;
  static ServeStack stack;
  static RESTCatalog client;

  @BeforeAll
  static void start() {
    stack = CommandRuns.startEmbedded(dataDir.resolve("firn"));
    client = CommandRuns.client(stack);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    stack.close();
  }

  static Run firn(String... args) {
    return CommandRuns.firn(stack, args);
  }

  @Test
  void clientCommandsReachStorageThroughS3FileIOOnly() throws Exception {
    CatalogOptions options = new CatalogOptions();
    options.uri = stack.catalog().uri().toString();
    try (RESTCatalog catalog =
        options.connect(Map.of("FIRN_CREDENTIAL", CommandRuns.rootCredential(stack)))) {
      assertThat(catalog.properties())
          .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    }
    options.properties.put("io-impl", "org.apache.iceberg.io.ResolvingFileIO");
    assertThatThrownBy(() -> options.connect(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid -P io-impl=org.apache.iceberg.io.ResolvingFileIO");
  }

  @Test
  void ingestCreatesAPartitionedTableAndPrintsASummary() throws Exception {
    Path file = dataDir.resolve("orders.csv");
    Files.writeString(
        file, "id;day;amount\n1;2026-11-20;1.5\n2;2026-11-21;2.5\n3;2026-11-21;3.5\n");

    Run dry =
        firn(
            "ingest",
            "raw.orders",
            file.toString(),
            "--create",
            "--csv-delimiter",
            ";",
            "--dry-run");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).contains("Would create raw.orders");
    assertThat(client.tableExists(TableIdentifier.parse("raw.orders"))).isFalse();

    Run run =
        firn(
            "ingest",
            "raw.orders",
            file.toString(),
            "--create",
            "--csv-delimiter",
            ";",
            "--partition-by",
            "day(day), bucket(4, id)",
            "--no-progress");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Loaded 3 rows into raw.orders (append)").contains("snapshot");

    Table table = client.loadTable(TableIdentifier.parse("raw.orders"));
    assertThat(table.spec().fields()).hasSize(2);
    assertThat(TableRows.read(table)).hasSize(3);

    Run again =
        firn("ingest", "raw.orders", file.toString(), "--csv-delimiter", ";", "--no-progress");
    assertThat(again.out()).contains("is already in raw.orders");
  }

  @Test
  void aGivenAvroSchemaTypesTheTableAndTheTextInput() throws Exception {
    Path schema = dataDir.resolve("prices.avsc");
    Files.writeString(
        schema,
        """
        {"type": "record", "name": "price", "fields": [
          {"name": "sku", "type": "string"},
          {"name": "price", "type": {"type": "bytes", "logicalType": "decimal",
                                     "precision": 9, "scale": 2}},
          {"name": "qty", "type": ["null", "int"]}
        ]}
        """);
    Path file = dataDir.resolve("prices.csv");
    Files.writeString(file, "sku,price,qty\na,1.50,3\nb,20.00,\n");

    Run run =
        firn(
            "ingest",
            "raw.prices",
            file.toString(),
            "--create",
            "--schema",
            schema.toString(),
            "--no-progress");

    assertThat(run.exit()).as(run.err()).isZero();
    Table table = client.loadTable(TableIdentifier.parse("raw.prices"));
    assertThat(table.schema().findType("price")).hasToString("decimal(9, 2)");
    assertThat(table.schema().findType("qty")).hasToString("int");
    assertThat(TableRows.read(table))
        .extracting(r -> r.getField("price").toString())
        .containsExactlyInAnyOrder("1.50", "20.00");
  }

  @Test
  void policyShowPrintsEachValueAndWhereItComesFrom() {
    client.createTable(
        TableIdentifier.parse("curated.policed"),
        new org.apache.iceberg.Schema(
            org.apache.iceberg.types.Types.NestedField.required(
                1, "id", org.apache.iceberg.types.Types.LongType.get())),
        org.apache.iceberg.PartitionSpec.unpartitioned(),
        Map.of("firn.maintenance.orphan.min-age", "10d"));

    Run run = firn("policy", "show", "curated.policed");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("firn.maintenance.orphan.min-age +10d +table curated.policed")
        .containsPattern("firn.maintenance.snapshot.max-age +14d +zone default for curated");
    // firn serve checks policy values on entry.
    Table table = client.loadTable(TableIdentifier.parse("curated.policed"));
    assertThatThrownBy(
            () -> table.updateProperties().set("firn.maintenance.orphan.min-age", "1h").commit())
        .hasMessageContaining("must be at least 24h");
  }

  @Test
  void badInputExitsWithTheFileAndLineAndNoStackTrace() throws Exception {
    Path file = dataDir.resolve("bad.json");
    Files.writeString(file, "{\"id\": 1}\n{\"id\": \n");

    Run run = firn("ingest", "raw.bad", file.toString(), "--create", "--no-progress");

    assertThat(run.exit()).isEqualTo(ExitCode.REJECTED_INPUT);
    assertThat(run.err()).startsWith("firn: " + file + ":line 2").doesNotContain("\tat ");
  }

  @Test
  void deadLettersGoToTheFileOrTheTableTheOptionNames() throws Exception {
    Path file = dataDir.resolve("letters.json");
    Files.writeString(file, "{\"id\": 1}\n{\"id\": \n");
    Path letters = dataDir.resolve("letters-rejects.json");

    Run toFile =
        firn(
            "ingest",
            "raw.letters",
            file.toString(),
            "--create",
            "--bad-rows",
            "dead-letter",
            "--dead-letter-file",
            letters.toString(),
            "--no-progress");
    assertThat(toFile.exit()).as(toFile.err()).isZero();
    assertThat(toFile.out()).contains("rejected     1 rows, kept in " + letters);
    assertThat(Files.readAllLines(letters)).singleElement().asString().contains(":line 2");

    // A table whose name ends like a file's.
    client.createNamespace(Namespace.of("raw", "rejects"));
    Run toTable =
        firn(
            "ingest",
            "raw.letters2",
            file.toString(),
            "--create",
            "--bad-rows",
            "dead-letter",
            "--dead-letter-table",
            "raw.rejects.json",
            "--no-progress");
    assertThat(toTable.exit()).as(toTable.err()).isZero();
    assertThat(toTable.out()).contains("rejected     1 rows, kept in raw.rejects.json");
    Table rejects = client.loadTable(TableIdentifier.parse("raw.rejects.json"));
    assertThat(TableRows.read(rejects)).hasSize(1);

    Run ambiguous =
        firn(
            "ingest",
            "raw.letters",
            file.toString(),
            "--bad-rows",
            "dead-letter",
            "--dead-letter",
            "rejects.json",
            "--no-progress");
    assertThat(ambiguous.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(ambiguous.err())
        .contains("Ambiguous --dead-letter rejects.json")
        .contains("--dead-letter-file rejects.json or --dead-letter-table rejects.json");
  }

  @Test
  void anUnreachableCatalogIsNamedWithoutAStackTrace() throws Exception {
    Path file = dataDir.resolve("one.json");
    Files.writeString(file, "{\"id\": 1}\n");
    CommandLine line = Firn.commandLine();
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err, true));

    int exit =
        line.execute("ingest", "raw.one", file.toString(), "--catalog-uri", "http://127.0.0.1:1");

    assertThat(exit).isEqualTo(ExitCode.CATALOG);
    assertThat(err.toString())
        .startsWith("firn: Cannot reach the catalog at http://127.0.0.1:1")
        .doesNotContain("\tat ");
  }

  @Test
  void publishRefusesAFailingBranchAndPublishesAPassingOne() throws Exception {
    Path file = dataDir.resolve("people.json");
    Files.writeString(file, "{\"id\": 1, \"email\": null}\n");
    firn("ingest", "raw.people", file.toString(), "--create", "--branch", "audit", "--no-progress");

    Run refused = firn("publish", "raw.people", "--branch", "audit", "--not-null", "email");
    assertThat(refused.exit()).isEqualTo(ExitCode.REJECTED_INPUT);
    assertThat(refused.out())
        .contains("failed: 1 rows have a null email")
        .contains("Not published");

    Run published = firn("publish", "raw.people", "--branch", "audit", "--rows", "1..1");
    assertThat(published.exit()).as(published.err()).isZero();
    Table table = client.loadTable(TableIdentifier.parse("raw.people"));
    assertThat(table.currentSnapshot()).isNotNull();
    assertThat(TableRows.read(table)).hasSize(1);
  }
}
