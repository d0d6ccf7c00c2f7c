package dev.firn.catalog.iceberg;

import dev.firn.catalog.PropertyRule;
import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.PointerChange;
import dev.firn.catalog.store.TableStore;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A table's operations: its metadata pointer in Firn's store, its files through one FileIO. */
final class FirnTableOperations extends BaseMetastoreTableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(FirnTableOperations.class);

  /** Reads of a metadata file that fail for a passing reason are retried this often. */
  static final int METADATA_READ_RETRIES = 3;

  private final PropertyRule propertyRule;
  private final TableIdentifier id;
  private final String fullName;
  private final TableStore tables;
  private final FileIO io;
  private final TableLocations locations;
  private final PointerCommit pointer;
  private final MetadataCache cache;

  FirnTableOperations(
      TableIdentifier id,
      String fullName,
      TableStore tables,
      FileIO io,
      TableLocations locations,
      PointerCommit pointer,
      MetadataCache cache,
      PropertyRule propertyRule) {
    this.id = id;
    this.propertyRule = propertyRule;
    this.fullName = fullName;
    this.tables = tables;
    this.io = io;
    this.locations = locations;
    this.pointer = pointer;
    this.cache = cache;
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
    refreshFromMetadataLocation(location.get(), null, METADATA_READ_RETRIES, cache::table);
  }

  /** Properties this version sets or changes must pass the catalog's rule. */
  private void checkChangedProperties(TableMetadata base, TableMetadata metadata) {
    Map<String, String> before = base == null ? Map.of() : base.properties();
    metadata
        .properties()
        .forEach(
            (key, value) -> {
              if (!value.equals(before.get(key))) {
                propertyRule.check(key, value);
              }
            });
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    PointerChange change = prepare(base, metadata);
    pointer.apply(change);
    try {
      cache.written(change.newMetadata(), metadata);
    } catch (RuntimeException e) {
      // The commit applied; the version is read from its file when first needed.
      LOG.debug("Cannot keep metadata {} in the cache", change.newMetadata(), e);
    }
  }

  /**
   * Checks a new table version against the storage boundary, then writes its metadata file: the
   * first half of a commit, which changes nothing a reader sees.
   */
  PointerChange prepare(TableMetadata base, TableMetadata metadata) {
    checkChangedProperties(base, metadata);
    boolean moved = base == null || !base.location().equals(metadata.location());
    String location = locations.checkTable(id, metadata.location(), metadata.properties(), moved);
    if (base != null) {
      // A commit on a stale base would fail its swap anyway: fail before writing a metadata file,
      // which under contention is most of a losing attempt's cost.
      String current = tables.metadataLocation(id, ObjectKind.TABLE).orElse(null);
      if (!base.metadataFileLocation().equals(current)) {
        throw new CommitFailedException(
            "Cannot commit %s: its metadata location is no longer %s",
            id, base.metadataFileLocation());
      }
    }
    if (moved) {
      tables
          .locationConflict(id, location)
          .ifPresent(other -> locations.rejectOverlap(id, location, other));
    }
    String newMetadata = writeNewMetadataIfRequired(base == null, metadata);
    return new PointerChange(
        id,
        ObjectKind.TABLE,
        base == null ? null : base.metadataFileLocation(),
        newMetadata,
        moved ? location : null);
  }
}
