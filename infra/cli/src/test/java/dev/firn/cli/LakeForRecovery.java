package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.firn.testing.TableRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * A catalog of 54 tables over the three zones with the histories recovery must follow: several
 * commits, schema changes, renames within and across zones, tables dropped and created again under
 * the same name, tables dropped for good (with and without purge), a view and namespace properties.
 */
final class LakeForRecovery {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final Schema WIDER =
      new Schema(
          required(1, "id", Types.LongType.get()), optional(2, "name", Types.StringType.get()));

  static final List<Namespace> NAMESPACES =
      List.of(
          Namespace.of("raw", "shop"),
          Namespace.of("raw", "crm"),
          Namespace.of("cleaned", "shop"),
          Namespace.of("cleaned", "crm"),
          Namespace.of("curated", "sales"),
          Namespace.of("curated", "sales", "daily"));

  private LakeForRecovery() {}

  /** What a client sees of the catalog: every object's state and every namespace's properties. */
  record Seen(
      Map<String, String> tables, Map<String, String> views, Map<String, String> namespaces) {}

  /** Builds the catalog; 52 tables remain. */
  static void seed(RESTCatalog client) {
    client.setProperties(
        Namespace.of("cleaned"), new java.util.HashMap<>(Map.of("owner", "cleaning-team")));
    for (Namespace namespace : NAMESPACES) {
      client.createNamespace(
          namespace, new java.util.HashMap<>(Map.of("owner", namespace.level(1) + "-team")));
      for (int i = 0; i < 9; i++) {
        Table table = client.createTable(TableIdentifier.of(namespace, "t0" + i), SCHEMA);
        TableRows.append(table, TableRows.numbered(SCHEMA, i, i + 1));
        if (i % 3 == 0) {
          table.updateSchema().addColumn("note", Types.StringType.get()).commit();
          TableRows.append(table, TableRows.numbered(table.schema(), 100 + i, 101 + i));
        }
      }
    }
    client.renameTable(id("raw.shop.t01"), id("raw.shop.t01_renamed"));
    client.renameTable(id("raw.crm.t02"), id("cleaned.crm.from_raw"));
    client.renameTable(id("curated.sales.t03"), id("curated.sales.daily.t03_moved"));
    client.dropTable(id("cleaned.shop.t04"), false);
    Table again = client.createTable(id("cleaned.shop.t04"), WIDER);
    TableRows.append(again, TableRows.numbered(WIDER, 7, 9));
    client.dropTable(id("raw.shop.t05"), true);
    client.createTable(id("raw.shop.t05"), WIDER);
    client.dropTable(id("curated.sales.t06"), false);
    client.dropTable(id("curated.sales.daily.t07"), true);
    client
        .buildView(id("curated.sales.v_orders"))
        .withSchema(SCHEMA)
        .withDefaultNamespace(Namespace.of("curated", "sales"))
        .withQuery("spark", "SELECT id FROM t00")
        .create();
  }

  static TableIdentifier id(String name) {
    return TableIdentifier.parse(name);
  }

  /** Everything a client sees, walked from the top namespaces down. */
  static Seen see(RESTCatalog client) {
    Map<String, String> tables = new TreeMap<>();
    Map<String, String> views = new TreeMap<>();
    Map<String, String> namespaces = new TreeMap<>();
    List<Namespace> pending = new ArrayList<>(client.listNamespaces());
    while (!pending.isEmpty()) {
      Namespace namespace = pending.remove(0);
      namespaces.put(
          namespace.toString(), new TreeMap<>(client.loadNamespaceMetadata(namespace)).toString());
      pending.addAll(client.listNamespaces(namespace));
      for (TableIdentifier id : client.listTables(namespace)) {
        Table table = client.loadTable(id);
        tables.put(
            id.toString(),
            (table.currentSnapshot() == null ? "none" : table.currentSnapshot().snapshotId())
                + " "
                + ((HasTableOperations) table).operations().current().metadataFileLocation()
                + " "
                + SchemaParser.toJson(table.schema())
                + " rows="
                + TableRows.read(table).size());
      }
      for (TableIdentifier id : client.listViews(namespace)) {
        views.put(id.toString(), client.loadView(id).sqlFor("spark").sql());
      }
    }
    return new Seen(tables, views, namespaces);
  }
}
