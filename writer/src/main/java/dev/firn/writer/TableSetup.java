package dev.firn.writer;

import dev.firn.boundary.FencedTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Gets a table ready for a batch: creates it from the inputs' schemas, or evolves its schema and
 * partition spec in one commit before any data is written.
 */
final class TableSetup {
  private static final int ATTEMPTS = 5;

  private TableSetup() {}

  /** The union of the inputs' schemas, or the declared schema widened by them. */
  static Schema unionSchema(Schema declared, List<Schema> inputs, String table) {
    Schema schema = declared != null ? declared : inputs.get(0);
    for (int i = declared != null ? 0 : 1; i < inputs.size(); i++) {
      schema = SchemaEvolution.evolve(schema, inputs.get(i), table, "the input").schema();
    }
    return schema;
  }

  /** The changes that make {@code current} accept every input schema. */
  static SchemaEvolution.Result changes(
      Schema current, List<Schema> inputs, List<String> names, String table) {
    List<SchemaChange> changes = new ArrayList<>();
    Schema schema = current;
    for (int i = 0; i < inputs.size(); i++) {
      SchemaEvolution.Result step =
          SchemaEvolution.evolve(schema, inputs.get(i), table, names.get(i));
      changes.addAll(step.changes());
      schema = step.schema();
    }
    return new SchemaEvolution.Result(List.copyOf(changes), schema);
  }

  static Table create(
      Catalog catalog,
      TableIdentifier id,
      Schema schema,
      List<PartitionFields.Field> partitionBy,
      int formatVersion,
      Map<String, String> properties) {
    Table created;
    try {
      created =
          catalog
              .buildTable(id, schema)
              .withPartitionSpec(PartitionFields.spec(schema, partitionBy))
              .withProperty(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion))
              .withProperties(properties)
              .create();
    } catch (AlreadyExistsException e) {
      // Another writer created it first: load into theirs, evolving it like any table.
      created = catalog.loadTable(id);
    }
    return FencedTable.of(created).table();
  }

  /**
   * Commits the schema changes and the new partition spec the inputs need, in one commit, working
   * them out again against the latest schema if another writer changed it meanwhile.
   *
   * @return the changes committed
   */
  static SchemaEvolution.Result evolve(
      Table table, List<Schema> inputs, List<String> names, List<PartitionFields.Field> spec) {
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1) {
        // Another writer changed the table: work the changes out again on its latest schema.
        table.refresh();
      }
      SchemaEvolution.Result result = changes(table.schema(), inputs, names, table.name());
      boolean specChange = spec != null && !specMatches(table, result.schema(), spec);
      if (result.changes().isEmpty() && !specChange) {
        return result;
      }
      try {
        Transaction transaction = table.newTransaction();
        if (!result.changes().isEmpty()) {
          UpdateSchema update = transaction.updateSchema();
          result.changes().forEach(change -> change.applyTo(update));
          update.commit();
        }
        if (specChange) {
          var update = transaction.updateSpec();
          PartitionFields.evolve(update, table.spec(), transaction.table().schema(), spec);
          update.commit();
        }
        transaction.commitTransaction();
        return result;
      } catch (CommitFailedException | IllegalArgumentException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  static boolean specMatches(Table table, Schema schema, List<PartitionFields.Field> spec) {
    PartitionSpec current = table.spec();
    return PartitionFields.matches(current, schema, spec);
  }
}
