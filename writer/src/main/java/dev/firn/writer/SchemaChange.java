package dev.firn.writer;

import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;

/**
 * One additive change a load makes to a table's schema.
 *
 * @param kind what changes
 * @param parent the full name of the struct that holds the column, or null at the top level
 * @param name the column's name within its parent
 * @param from the column's type before (null for a new column)
 * @param to the column's type after
 */
public record SchemaChange(Kind kind, String parent, String name, Type from, Type to) {
  /** The changes a load may make. Anything else is refused. */
  public enum Kind {
    ADD_COLUMN,
    WIDEN_TYPE,
    MAKE_OPTIONAL
  }

  /** The column's full name, e.g. {@code address.zip}. */
  public String column() {
    return parent == null ? name : parent + "." + name;
  }

  /** Stages this change on a schema update. */
  public void applyTo(UpdateSchema update) {
    switch (kind) {
      case ADD_COLUMN -> update.addColumn(parent, name, to);
      case WIDEN_TYPE -> update.updateColumn(column(), to.asPrimitiveType());
      case MAKE_OPTIONAL -> update.makeColumnOptional(column());
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ADD_COLUMN -> "added column " + column() + " (" + to + ")";
      case WIDEN_TYPE -> "widened " + column() + " from " + from + " to " + to;
      case MAKE_OPTIONAL -> "made " + column() + " optional";
    };
  }
}
