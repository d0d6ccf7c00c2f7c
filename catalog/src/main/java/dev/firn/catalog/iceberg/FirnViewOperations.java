package dev.firn.catalog.iceberg;

import dev.firn.boundary.TableLocation;
import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.PointerChange;
import dev.firn.catalog.store.TableStore;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseViewOperations;
import org.apache.iceberg.view.ViewMetadata;

/** A view's operations: its metadata pointer in Firn's store, its files through one FileIO. */
final class FirnViewOperations extends BaseViewOperations {
  private final TableIdentifier id;
  private final String fullName;
  private final TableStore tables;
  private final FileIO io;
  private final TableLocations locations;
  private final PointerCommit pointer;
  private final MetadataCache cache;
  private boolean restoring;

  FirnViewOperations(
      TableIdentifier id,
      String fullName,
      TableStore tables,
      FileIO io,
      TableLocations locations,
      PointerCommit pointer,
      MetadataCache cache) {
    this.id = id;
    this.fullName = fullName;
    this.tables = tables;
    this.io = io;
    this.locations = locations;
    this.pointer = pointer;
    this.cache = cache;
  }

  /** These operations for putting a view back under its name ({@code firn recover}). */
  FirnViewOperations restoring() {
    this.restoring = true;
    return this;
  }

  @Override
  protected String viewName() {
    return fullName;
  }

  @Override
  protected FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    Optional<String> location = tables.metadataLocation(id, ObjectKind.VIEW);
    if (location.isEmpty()) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchViewException("View does not exist: %s", id);
      }
      disableRefresh();
      return;
    }
    refreshFromMetadataLocation(
        location.get(), null, FirnTableOperations.METADATA_READ_RETRIES, cache::view);
  }

  @Override
  protected void doCommit(ViewMetadata base, ViewMetadata metadata) {
    boolean moved = base == null || !base.location().equals(metadata.location());
    String location =
        locations.checkView(id, metadata.location(), metadata.properties(), moved && !restoring);
    if (base == null && metadata.metadataFileLocation() != null) {
      // A registered view's metadata file must lie inside the location it states.
      TableLocation.of(metadata.location())
          .refusal(metadata.metadataFileLocation())
          .ifPresent(
              reason -> {
                throw new BadRequestException(
                    "Invalid metadata-location of register-view for %s: %s is %s",
                    id, metadata.metadataFileLocation(), reason);
              });
    }
    if (moved) {
      tables
          .locationConflict(id, location)
          .ifPresent(other -> locations.rejectOverlap(id, location, other));
    }
    String newMetadata = writeNewMetadataIfRequired(metadata);
    pointer.apply(
        new PointerChange(
            id,
            ObjectKind.VIEW,
            base == null ? null : base.metadataFileLocation(),
            newMetadata,
            moved ? location : null));
  }
}
