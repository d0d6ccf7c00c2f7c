package dev.firn.catalog.iceberg;

import dev.firn.boundary.TableLocation;
import dev.firn.catalog.store.TableStore;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where a table may delete files, as the catalog knows it: the location its metadata states, but
 * only when the location registry holds that location for this table, plus the locations the table
 * was moved from (its older files stay there). The metadata alone cannot be trusted for this: a row
 * written straight into the database, by an older Firn or another tool, may point at metadata that
 * states another table's location. A table the registry does not know (written by another tool) may
 * delete under its stated location if that lies in the warehouse and overlaps no other object's;
 * anything else may delete nothing.
 */
final class TableFence {
  private final TableStore tables;
  private final TableLocations locations;

  TableFence(TableStore tables, TableLocations locations) {
    this.tables = tables;
    this.locations = locations;
  }

  /** Where the table {@code id}, at version {@code metadata}, may delete. */
  TableLocation of(TableIdentifier id, TableMetadata metadata) {
    String stated = metadata.location();
    if (stated == null || !locations.isInWarehouse(stated)) {
      return TableLocation.none(stated, "its location " + stated + " lies outside the warehouse");
    }
    String normalized = TableLocations.normalize(stated);
    List<String> registered = tables.registeredLocations(id);
    if (registered.isEmpty()) {
      Optional<TableIdentifier> other = tables.locationConflict(id, normalized);
      return other
          .map(
              overlapping ->
                  TableLocation.none(
                      stated,
                      "its location " + stated + " overlaps the location of " + overlapping))
          .orElseGet(() -> TableLocation.of(stated));
    }
    if (!registered.get(0).equals(normalized)) {
      return TableLocation.none(
          stated,
          "its metadata states the location "
              + stated
              + ", but the catalog holds "
              + registered.get(0)
              + " for it");
    }
    return TableLocation.of(stated, registered.subList(1, registered.size()));
  }
}
