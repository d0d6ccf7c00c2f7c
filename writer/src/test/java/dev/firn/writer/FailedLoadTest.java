package dev.firn.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.writer.input.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.SchemaBuilder;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * A load that fails anywhere leaves the table exactly as it was: schema, specs, snapshots, refs and
 * properties, and no file of its own behind, whether it fails on its last row, on a type, on a race
 * it loses, or because the catalog is gone when it commits.
 */
class FailedLoadTest extends WriterTestBase {
  private static final TableIdentifier ORDERS = raw("orders");

  @Test
  void aBadLastRowLeavesNoNewColumnBehind() throws IOException {
    load(lines("{\"id\": 1, \"name\": \"a\"}"));
    State before = State.of(catalog.loadTable(ORDERS), this);
    List<String> rows = new ArrayList<>();
    for (int i = 2; i < 50; i++) {
      rows.add("{\"id\": " + i + ", \"name\": \"n\", \"country\": \"CH\", \"zip\": " + i + "}");
    }
    rows.add("{\"id\": \"not-a-number\", \"name\": \"x\", \"country\": \"CH\", \"zip\": 1}");
    Path input = write("second.ndjson", rows);

    assertThatThrownBy(() -> ingest(input).options(inferFirst(10)).commit())
        .hasMessageContaining("not-a-number");

    assertThat(State.of(catalog.loadTable(ORDERS), this)).isEqualTo(before);
  }

  @Test
  void aFailedCreateLeavesNoTableAndNoNamespace() throws IOException {
    TableIdentifier nested = TableIdentifier.of(Namespace.of("raw", "shop", "eu"), "orders");
    Path input =
        write("new.ndjson", List.of("{\"id\": 1}", "{\"id\": 2}", "{\"id\": \"not-a-number\"}"));

    assertThatThrownBy(
            () ->
                writer
                    .ingest(nested)
                    .files(List.of(input.toString()))
                    .options(inferFirst(2))
                    .createIfMissing(true)
                    .commit())
        .hasMessageContaining("not-a-number");

    assertThat(catalog.tableExists(nested)).isFalse();
    assertThat(catalog.namespaceExists(Namespace.of("raw", "shop"))).isFalse();
    // Nothing but the catalog journal's records of the three zones.
    server.journal().flush();
    String warehouse = server.config().warehouseLocation();
    assertThat(objectCount(warehouse + "/.firn/catalog/namespaces/")).isEqualTo(3);
    assertThat(objectCount(warehouse + "/")).isEqualTo(3);
  }

  @Test
  void createsTheNamespacesAboveANewTable() throws IOException {
    TableIdentifier nested = TableIdentifier.of(Namespace.of("raw", "shop", "eu"), "orders");
    Path input = write("new.ndjson", List.of("{\"id\": 1}"));

    IngestPlan plan =
        writer.ingest(nested).files(List.of(input.toString())).createIfMissing(true).apply();
    assertThat(plan.creates().namespaces()).containsExactly("raw.shop", "raw.shop.eu");
    assertThat(catalog.namespaceExists(Namespace.of("raw", "shop"))).isFalse();

    writer.ingest(nested).files(List.of(input.toString())).createIfMissing(true).commit();
    assertThat(rows(catalog.loadTable(nested), "id")).hasSize(1);
  }

  @Test
  void anIncompatibleTypeChangesNothing() {
    org.apache.avro.Schema first =
        SchemaBuilder.record("r").fields().requiredInt("id").requiredLong("amount").endRecord();
    org.apache.avro.Schema bad =
        SchemaBuilder.record("r")
            .fields()
            .requiredInt("id")
            .optionalString("extra")
            .requiredString("amount")
            .endRecord();
    load(AvroFiles.write(dir.resolve("first.avro"), first, List.of(Map.of("id", 1, "amount", 1L))));
    State before = State.of(catalog.loadTable(ORDERS), this);
    Path input =
        AvroFiles.write(dir.resolve("bad.avro"), bad, List.of(Map.of("id", 2, "amount", "x")));

    assertThatThrownBy(() -> ingest(input).commit())
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("amount");

    assertThat(State.of(catalog.loadTable(ORDERS), this)).isEqualTo(before);
  }

  @Test
  void aLoadThatLosesARaceIsWorkedOutAgainOnTheWinnersTable() throws IOException {
    load(lines("{\"id\": 1}"));
    Path input = write("second.ndjson", List.of("{\"id\": 2, \"note\": \"n\"}"));
    boolean[] raced = {false};

    IngestResult result =
        ingest(input)
            .progress(
                new IngestProgress() {
                  @Override
                  public void committing() {
                    if (!raced[0]) {
                      raced[0] = true;
                      catalog
                          .loadTable(ORDERS)
                          .updateSchema()
                          .addColumn("region", Types.StringType.get())
                          .commit();
                    }
                  }
                })
            .commit();

    Table table = catalog.loadTable(ORDERS);
    assertThat(table.schema().findField("region")).isNotNull();
    assertThat(table.schema().findField("note")).isNotNull();
    assertThat(rows(table, "id")).extracting(row -> row.get("note")).containsExactly(null, "n");
    assertThat(result.changes().schema())
        .extracting(Object::toString)
        .contains("added column note (string)");
  }

  @Test
  void aSchemaChangingLoadThatLosesARaceToAnAppendCommitsTheFilesItWrote() throws IOException {
    load(lines("{\"id\": 1}"));
    Path input = write("second.ndjson", List.of("{\"id\": 2, \"note\": \"n\"}"));
    Path other = write("other.ndjson", List.of("{\"id\": 3}"));
    int[] writes = {0};

    IngestResult result =
        ingest(input)
            .progress(
                new IngestProgress() {
                  @Override
                  public void committing() {
                    if (writes[0]++ == 0) {
                      writer.ingest(ORDERS).files(List.of(other.toString())).commit();
                    }
                  }
                })
            .commit();

    assertThat(writes[0]).as("the files were written once").isEqualTo(1);
    assertThat(result.changes().schema())
        .extracting(Object::toString)
        .containsExactly("added column note (string)");
    assertThat(rows(catalog.loadTable(ORDERS), "id"))
        .extracting(row -> row.get("note"))
        .containsExactly(null, "n", null);
  }

  @Test
  void aLoadThatLosesARaceToAnIncompatibleChangeLeavesTheWinnersTable() throws IOException {
    load(lines("{\"id\": 1}"));
    State before = State.of(catalog.loadTable(ORDERS), this);
    Path input = write("second.ndjson", List.of("{\"id\": 2, \"note\": \"n\"}"));
    State[] winners = {null};

    assertThatThrownBy(
            () ->
                ingest(input)
                    .progress(
                        new IngestProgress() {
                          @Override
                          public void committing() {
                            if (winners[0] == null) {
                              Table table = catalog.loadTable(ORDERS);
                              table
                                  .updateSchema()
                                  .addColumn(
                                      "note",
                                      Types.StructType.of(
                                          Types.NestedField.optional(
                                              100, "text", Types.StringType.get())))
                                  .commit();
                              winners[0] = State.of(catalog.loadTable(ORDERS), FailedLoadTest.this);
                            }
                          }
                        })
                    .commit())
        .hasMessageContaining("note");

    State after = State.of(catalog.loadTable(ORDERS), this);
    assertThat(after.metadata()).isEqualTo(winners[0].metadata());
    // Only the winner's metadata file is new: the loser's data files are gone.
    assertThat(after.objects()).isEqualTo(before.objects() + 1);
  }

  @Test
  void aCatalogGoneAtCommitLeavesTheTableAsItWas() throws IOException {
    load(lines("{\"id\": 1}"));
    State before = State.of(catalog.loadTable(ORDERS), this);
    Path input = write("second.ndjson", List.of("{\"id\": 2, \"note\": \"n\"}"));

    assertThatThrownBy(
            () ->
                ingest(input)
                    .progress(
                        new IngestProgress() {
                          @Override
                          public void committing() {
                            server.close();
                          }
                        })
                    .commit())
        .isInstanceOf(CommitStateUnknownException.class);

    try (CatalogServer again =
            TestCatalogServers.start(
                s3,
                Database.sqlite(dir),
                server.config().warehouseName(),
                server.config().warehouseLocation());
        RESTCatalog client = TestCatalogServers.client(again, Map.of())) {
      State after = State.of(client.loadTable(ORDERS), this);
      assertThat(after.metadata()).isEqualTo(before.metadata());
      // The outcome was unknown, so the files stay for orphan removal; none is referenced.
      assertThat(after.objects()).isGreaterThan(before.objects());
    }
  }

  private void load(Path input) {
    writer.ingest(ORDERS).files(List.of(input.toString())).createIfMissing(true).commit();
  }

  private Ingest ingest(Path input) {
    return writer.ingest(ORDERS).files(List.of(input.toString()));
  }

  private Path lines(String... rows) throws IOException {
    return write("first.ndjson", List.of(rows));
  }

  private Path write(String name, List<String> rows) throws IOException {
    return Files.write(dir.resolve(name), rows);
  }

  private static SourceOptions inferFirst(int rows) {
    return SourceOptions.defaults().withInferRows(rows);
  }

  /** What a failed load must not change: the metadata, and the objects under the table. */
  record State(Map<String, Object> metadata, int objects) {
    static State of(Table table, WriterTestBase test) {
      TableMetadata current = ((HasTableOperations) table).operations().current();
      Map<String, Object> metadata = new TreeMap<>();
      metadata.put("file", current.metadataFileLocation());
      metadata.put("schemas", current.schemas().stream().map(Object::toString).toList());
      metadata.put("schema", current.currentSchemaId());
      metadata.put("last-column-id", current.lastColumnId());
      metadata.put("specs", current.specs().stream().map(Object::toString).toList());
      metadata.put("spec", current.defaultSpecId());
      metadata.put("snapshots", current.snapshots().stream().map(s -> s.snapshotId()).toList());
      metadata.put("refs", new TreeMap<>(current.refs()).toString());
      metadata.put("properties", new TreeMap<>(current.properties()));
      return new State(metadata, test.objectCount(table.location()));
    }
  }
}
