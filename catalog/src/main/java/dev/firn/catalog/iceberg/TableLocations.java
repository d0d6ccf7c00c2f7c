package dev.firn.catalog.iceberg;

import dev.firn.boundary.TableLocation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where tables and views live: each under the warehouse, in a folder named after its namespace
 * levels (so under its zone), with a random suffix that keeps every location unique even after a
 * drop or rename. Requested locations are checked against the same boundary before anything is
 * written.
 */
final class TableLocations {
  /** Table properties that name a storage path; each must stay inside the table location. */
  @SuppressWarnings("deprecation") // older spellings of write.data.path that Iceberg still honours
  static final List<String> PATH_PROPERTIES =
      List.of(
          TableProperties.WRITE_DATA_LOCATION,
          TableProperties.WRITE_METADATA_LOCATION,
          TableProperties.OBJECT_STORE_PATH,
          TableProperties.WRITE_FOLDER_STORAGE_LOCATION);

  /** The namespace property that some engines read as a default location. */
  static final String NAMESPACE_LOCATION = "location";

  /** Longest location the catalog tables can hold. */
  static final int MAX_LOCATION_LENGTH = 1000;

  /**
   * Table properties that Firn refuses: a location provider class of the client's choice would be
   * instantiated by maintenance inside Firn and could place files anywhere.
   */
  static final List<String> REFUSED_PROPERTIES =
      List.of(TableProperties.WRITE_LOCATION_PROVIDER_IMPL);

  private final String warehouse;

  TableLocations(String warehouse) {
    this.warehouse = normalize(warehouse);
  }

  String warehouse() {
    return warehouse;
  }

  /**
   * The folder under which Firn places a namespace's tables and views: the warehouse, then one
   * folder per level. Engines that take a new table's location from its namespace (Trino) read it
   * as the namespace's {@code location}.
   */
  String namespaceLocation(Namespace namespace) {
    StringBuilder location = new StringBuilder(warehouse);
    for (String level : namespace.levels()) {
      location.append('/').append(TableLocation.safeSegment(level));
    }
    return location.toString();
  }

  /** A new, unique location for a table or view. */
  String newLocation(TableIdentifier identifier) {
    StringBuilder location = new StringBuilder(namespaceLocation(identifier.namespace()));
    String suffix = UUID.randomUUID().toString().replace("-", "");
    return location
        .append('/')
        .append(TableLocation.safeSegment(identifier.name()))
        .append('-')
        .append(suffix)
        .toString();
  }

  /**
   * Checks a table's location and path properties; returns the location normalized, as the location
   * registry keeps it. A location being set ({@code placed}) must lie in the table's zone; one set
   * earlier need only lie in the warehouse, because a rename into another zone leaves the files
   * where they are.
   */
  String checkTable(
      TableIdentifier identifier, String location, Map<String, String> properties, boolean placed) {
    String normalized = checkObjectLocation("table", identifier, location, placed);
    checkPathProperties(identifier, normalized, properties);
    return normalized;
  }

  /** Checks a view's location and path properties, as {@link #checkTable} does a table's. */
  String checkView(
      TableIdentifier identifier, String location, Map<String, String> properties, boolean placed) {
    String normalized = checkObjectLocation("view", identifier, location, placed);
    checkPathProperties(identifier, normalized, properties);
    return normalized;
  }

  /**
   * Checks the {@code location} property of a namespace, if set: Firn places a namespace's tables
   * itself, so the only location a client may state is the one Firn reports.
   */
  void checkNamespace(Namespace namespace, Map<String, String> properties) {
    String location = properties.get(NAMESPACE_LOCATION);
    if (location == null) {
      return;
    }
    String placed = namespaceLocation(namespace);
    if (TableLocation.unsafeCharacter(location).isPresent() || !isSame(placed, location)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid location for namespace %s: %s (Firn places its tables under %s; leave the"
                  + " location unset)",
              namespace, location, placed));
    }
  }

  /** Whether a metadata file a client wants to register lies inside the warehouse. */
  boolean isInWarehouse(String location) {
    return location != null && isInside(warehouse, location);
  }

  void rejectOverlap(TableIdentifier identifier, String location, TableIdentifier other) {
    throw new IllegalArgumentException(
        String.format(
            "Invalid location for %s: %s overlaps the location of %s (locations must not equal,"
                + " contain or lie inside another table's or view's)",
            identifier, location, other));
  }

  /**
   * Checks a property a table version sets or changes: path properties take only the characters
   * locations take, and properties Firn refuses are refused.
   */
  void checkNewProperty(TableIdentifier identifier, String key, String value) {
    if (REFUSED_PROPERTIES.contains(key)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid property %s for %s: Firn places a table's files itself (remove it)",
              key, identifier));
    }
    if (PATH_PROPERTIES.contains(key)) {
      TableLocation.unsafeCharacter(value)
          .ifPresent(
              reason -> {
                throw new IllegalArgumentException(
                    String.format("Invalid %s for %s: %s: %s", key, identifier, value, reason));
              });
    }
  }

  private String checkObjectLocation(
      String kind, TableIdentifier identifier, String location, boolean placed) {
    String root = placed ? zoneRoot(identifier.namespace().level(0)) : warehouse;
    if (location == null || !isInside(root, location)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid %s location for %s: %s (must be inside %s/)",
              kind, identifier, location, root));
    }
    if (placed) {
      TableLocation.unsafeCharacter(location)
          .ifPresent(
              reason -> {
                throw new IllegalArgumentException(
                    String.format(
                        "Invalid %s location for %s: %s: %s", kind, identifier, location, reason));
              });
    }
    return normalize(location);
  }

  private static void checkPathProperties(
      TableIdentifier identifier, String base, Map<String, String> properties) {
    for (String key : PATH_PROPERTIES) {
      String path = properties.get(key);
      if (path != null && !isInside(base, path)) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid %s for %s: %s (must be inside the table location %s)",
                key, identifier, path, base));
      }
    }
  }

  private String zoneRoot(String zone) {
    return warehouse + "/" + TableLocation.safeSegment(zone);
  }

  /**
   * Whether {@code location} lies strictly below {@code root} by the storage boundary's one rule
   * ({@link TableLocation}), and is short enough for the catalog tables.
   */
  private static boolean isInside(String root, String location) {
    return location != null
        && location.length() <= MAX_LOCATION_LENGTH
        && TableLocation.ofWarehouse(root).contains(location);
  }

  private static boolean isSame(String root, String location) {
    return normalize(location).equals(root);
  }

  /**
   * {@code s3a://} and {@code s3n://} name the same objects as {@code s3://}; drop trailing
   * slashes.
   */
  static String normalize(String location) {
    return TableLocation.normalize(location);
  }
}
