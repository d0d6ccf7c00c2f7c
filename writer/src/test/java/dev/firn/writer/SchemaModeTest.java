package dev.firn.writer;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.writer.input.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How far a load may change a schema: additive, strict, evolve; and a declared schema. */
class SchemaModeTest extends WriterTestBase {
  private static final TableIdentifier ID = raw("accounts");
  private static final Schema INTS =
      new Schema(
          optional(1, "id", Types.IntegerType.get()), optional(2, "name", Types.StringType.get()));

  @BeforeEach
  void createWithAnIntColumn() throws IOException {
    writer
        .ingest(ID)
        .files(List.of(csv("first.csv", "id,name", "1,a", "2,b").toString()))
        .schema(INTS)
        .createIfMissing(true)
        .commit();
    assertThat(catalog.loadTable(ID).schema().findType("id")).isEqualTo(Types.IntegerType.get());
  }

  @Test
  void aValueBeyondIntIsRefusedUnderAdditiveByTheDryRunAndTheLoad() throws IOException {
    Path input = csv("big.csv", "id,name", "3,c", "3552184337,d");
    String before = metadataFile();

    for (boolean dryRun : new boolean[] {true, false}) {
      Ingest ingest = writer.ingest(ID).files(List.of(input.toString()));
      assertThatThrownBy(() -> run(ingest, dryRun))
          .isInstanceOf(IncompatibleSchemaException.class)
          .hasMessageContaining("Column id is int in raw.accounts")
          .hasMessageContaining("--schema-mode evolve");
    }
    assertThat(metadataFile()).isEqualTo(before);
  }

  @Test
  void aValueBeyondIntWidensTheColumnUnderEvolve() throws IOException {
    Path input = csv("big.csv", "id,name", "3,c", "3552184337,d");

    IngestPlan plan =
        writer.ingest(ID).files(List.of(input.toString())).schemaMode(SchemaMode.EVOLVE).apply();
    assertThat(plan.changes().schema())
        .extracting(Object::toString)
        .containsExactly("widened id from int to long");
    assertThat(plan.schema().findType("id")).isEqualTo(Types.LongType.get());

    IngestResult result =
        writer.ingest(ID).files(List.of(input.toString())).schemaMode(SchemaMode.EVOLVE).commit();
    assertThat(result.changes().schema())
        .extracting(Object::toString)
        .containsExactly("widened id from int to long");
    Table table = catalog.loadTable(ID);
    assertThat(rows(table, "name"))
        .extracting(row -> row.get("id"))
        .containsExactly(1L, 2L, 3L, 3552184337L);
  }

  @Test
  void aValueBeyondIntPastTheInferredRowsWidensUnderEvolveAndIsABadRowOtherwise()
      throws IOException {
    List<String> lines = new ArrayList<>(List.of("id,name"));
    for (int i = 10; i < 40; i++) {
      lines.add(i + ",n" + i);
    }
    lines.add("4294967296,last");
    Path input = csv("late.csv", lines.toArray(String[]::new));
    SourceOptions firstTen = SourceOptions.defaults().withInferRows(10);

    assertThatThrownBy(
            () -> writer.ingest(ID).files(List.of(input.toString())).options(firstTen).commit())
        .hasMessageContaining("4294967296 is beyond the range of int")
        .hasMessageContaining("--schema-mode evolve");
    assertThat(catalog.loadTable(ID).schema().findType("id")).isEqualTo(Types.IntegerType.get());

    IngestResult result =
        writer
            .ingest(ID)
            .files(List.of(input.toString()))
            .options(firstTen)
            .schemaMode(SchemaMode.EVOLVE)
            .commit();

    assertThat(result.rows()).isEqualTo(31);
    assertThat(result.changes().schema())
        .extracting(Object::toString)
        .containsExactly("widened id from int to long");
    assertThat(rows(catalog.loadTable(ID), "name"))
        .extracting(row -> row.get("id"))
        .contains(4294967296L, 10L);
  }

  @Test
  void strictRefusesANewColumn() throws IOException {
    Path input = csv("more.csv", "id,name,country", "3,c,CH");
    String before = metadataFile();

    assertThatThrownBy(
            () ->
                writer
                    .ingest(ID)
                    .files(List.of(input.toString()))
                    .schemaMode(SchemaMode.STRICT)
                    .commit())
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("strict")
        .hasMessageContaining("added column country (string)");
    assertThat(metadataFile()).isEqualTo(before);

    writer
        .ingest(ID)
        .files(List.of(csv("same.csv", "id,name", "4,d").toString()))
        .schemaMode(SchemaMode.STRICT)
        .commit();
    assertThat(rows(catalog.loadTable(ID), "name")).hasSize(3);
  }

  @Test
  void aDeclaredSchemaOnAnExistingTableEvolvesItOrIsRefused() throws IOException {
    Schema declared =
        new Schema(
            optional(1, "id", Types.LongType.get()),
            optional(2, "name", Types.StringType.get()),
            optional(3, "tier", Types.StringType.get()));
    Path input = csv("same.csv", "id,name", "5,e");

    IngestResult result =
        writer.ingest(ID).files(List.of(input.toString())).schema(declared).commit();

    assertThat(result.changes().schema())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("widened id from int to long", "added column tier (string)");

    Schema narrowing = new Schema(optional(1, "name", Types.IntegerType.get()));
    assertThatThrownBy(
            () ->
                writer
                    .ingest(ID)
                    .files(List.of(csv("again.csv", "id,name", "6,f").toString()))
                    .schema(narrowing)
                    .commit())
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("the declared schema");
  }

  @Test
  void aFewOddValuesThatMakeAColumnAStringAreShown() throws IOException {
    List<String> lines = new ArrayList<>(List.of("code,amount"));
    for (int i = 0; i < 99; i++) {
      lines.add(i + "," + i + ".5");
    }
    lines.add("oops-not-a-number,1.5");
    Path input = csv("codes.csv", lines.toArray(String[]::new));
    Ingest ingest =
        writer.ingest(raw("codes")).files(List.of(input.toString())).createIfMissing(true);

    IngestPlan plan = ingest.apply();

    assertThat(plan.schema().findType("code")).isEqualTo(Types.StringType.get());
    assertThat(plan.notes())
        .containsExactly(
            "Column code is inferred as string: 1 of 100 sampled values are not long"
                + " (\"oops-not-a-number\") in "
                + input);
    assertThat(ingest.commit().notes()).isEqualTo(plan.notes());
  }

  private static void run(Ingest ingest, boolean dryRun) {
    if (dryRun) {
      ingest.apply();
    } else {
      ingest.commit();
    }
  }

  private String metadataFile() {
    return ((org.apache.iceberg.HasTableOperations) catalog.loadTable(ID))
        .operations()
        .current()
        .metadataFileLocation();
  }

  private Path csv(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }
}
