package dev.firn.catalog.store;

import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One change of a table's or view's metadata pointer, applied by {@link TableStore#apply}.
 *
 * @param id the table or view
 * @param kind table or view
 * @param baseMetadata the metadata file the pointer must still name, or null to create
 * @param newMetadata the metadata file the pointer will name
 * @param newLocation the object's location when it is new or changed, else null
 */
public record PointerChange(
    TableIdentifier id,
    ObjectKind kind,
    String baseMetadata,
    String newMetadata,
    String newLocation) {

  public boolean isCreate() {
    return baseMetadata == null;
  }
}
