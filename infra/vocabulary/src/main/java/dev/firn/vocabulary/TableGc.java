package dev.firn.vocabulary;

import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Whether a table lets Firn delete its files: Iceberg's {@code gc.enabled}, true unless the table
 * sets it to false. A table that turns it off may share its files with other tables, so neither the
 * catalog's purge nor any maintenance job deletes a file of it.
 */
public final class TableGc {
  /** What Firn says, wherever it leaves a table's files alone because of {@code gc.enabled}. */
  public static final String DISABLED =
      "Nothing deleted: the table sets "
          + TableProperties.GC_ENABLED
          + "=false, so its files may be shared with others";

  private TableGc() {}

  /** Whether a table with these properties permits deleting its files. */
  public static boolean enabled(Map<String, String> properties) {
    return PropertyUtil.propertyAsBoolean(
        properties, TableProperties.GC_ENABLED, TableProperties.GC_ENABLED_DEFAULT);
  }

  /** Whether the table permits deleting its files. */
  public static boolean enabled(Table table) {
    return enabled(table.properties());
  }
}
