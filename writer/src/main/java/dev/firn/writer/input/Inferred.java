package dev.firn.writer.input;

import java.util.List;
import org.apache.iceberg.Schema;

/**
 * The schema of an input, with what inference has to say about it: a column typed {@code string}
 * because a few of its sampled values are not of the type the rest share.
 *
 * @param schema the schema
 * @param notes one sentence per such column, showing the values at fault
 */
public record Inferred(Schema schema, List<String> notes) {
  public Inferred {
    notes = List.copyOf(notes);
  }
}
