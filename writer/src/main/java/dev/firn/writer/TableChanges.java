package dev.firn.writer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a load changes in a table's definition, committed with its data.
 *
 * @param schema the schema changes, in the order they apply
 * @param newSpec whether a new partition spec is added
 */
public record TableChanges(List<SchemaChange> schema, boolean newSpec) {
  public static final TableChanges NONE = new TableChanges(List.of(), false);

  public TableChanges {
    schema = List.copyOf(schema);
  }

  public boolean isEmpty() {
    return schema.isEmpty() && !newSpec;
  }

  /** The changes as a summary line says them: {@code added column x (int); new partition spec}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>(schema.stream().map(Object::toString).toList());
    if (newSpec) {
      parts.add("new partition spec");
    }
    return String.join("; ", parts);
  }
}
