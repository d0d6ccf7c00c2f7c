package dev.firn.writer.schema;

import dev.firn.writer.SchemaChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;

/**
 * Works out the schema a batch needs: the union of the inputs' schemas for a new table, or the
 * additive changes that let an existing table accept them.
 */
public final class TableSetup {
  private TableSetup() {}

  /** The union of the inputs' schemas, or the declared schema widened by them. */
  public static Schema unionSchema(Schema declared, List<Schema> inputs, String table) {
    Schema schema = declared != null ? declared : inputs.get(0);
    for (int i = declared != null ? 0 : 1; i < inputs.size(); i++) {
      schema = SchemaEvolution.evolve(schema, inputs.get(i), table, "the input").schema();
    }
    return schema;
  }

  /** The changes that make {@code current} accept every input schema. */
  public static List<SchemaChange> changes(
      Schema current, List<Schema> inputs, List<String> names, String table) {
    List<SchemaChange> changes = new ArrayList<>();
    Schema schema = current;
    for (int i = 0; i < inputs.size(); i++) {
      SchemaEvolution.Result step =
          SchemaEvolution.evolve(schema, inputs.get(i), table, names.get(i));
      changes.addAll(step.changes());
      schema = step.schema();
    }
    return List.copyOf(changes);
  }

  public static boolean specMatches(Table table, Schema schema, List<PartitionFields.Field> spec) {
    PartitionSpec current = table.spec();
    return PartitionFields.matches(current, schema, spec);
  }
}
