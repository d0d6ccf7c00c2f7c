package dev.firn.catalog.iceberg;

import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.TableStore;
import java.util.Optional;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;

/** A table's operations: its metadata pointer in Firn's store, its files through one FileIO. */
final class FirnTableOperations extends BaseMetastoreTableOperations {
  private final TableIdentifier id;
  private final String fullName;
  private final TableStore tables;
  private final FileIO io;
  private final TableLocations locations;
  private final PointerCommit pointer;

  FirnTableOperations(
      TableIdentifier id,
      String fullName,
      TableStore tables,
      FileIO io,
      TableLocations locations,
      PointerCommit pointer) {
    this.id = id;
    this.fullName = fullName;
    this.tables = tables;
    this.io = io;
    this.locations = locations;
    this.pointer = pointer;
  }

  @Override
  protected String tableName() {
    return fullName;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    Optional<String> location = tables.metadataLocation(id, ObjectKind.TABLE);
    if (location.isEmpty()) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchTableException("Table does not exist: %s", id);
      }
      disableRefresh();
      return;
    }
    refreshFromMetadataLocation(location.get());
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    locations.checkTable(id, metadata.location(), metadata.properties());
    String newLocation = writeNewMetadataIfRequired(base == null, metadata);
    String baseLocation = base == null ? null : base.metadataFileLocation();
    pointer.apply(id, ObjectKind.TABLE, baseLocation, newLocation);
  }
}
