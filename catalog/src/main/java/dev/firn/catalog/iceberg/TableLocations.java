package dev.firn.catalog.iceberg;

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
  static final List<String> PATH_PROPERTIES =
      List.of(
          TableProperties.WRITE_DATA_LOCATION,
          TableProperties.WRITE_METADATA_LOCATION,
          // Older spellings of write.data.path that Iceberg still honours.
          "write.object-storage.path",
          "write.folder-storage.path");

  /** The namespace property that some engines read as a default location. */
  static final String NAMESPACE_LOCATION = "location";

  private final String warehouse;

  TableLocations(String warehouse) {
    this.warehouse = normalize(warehouse);
  }

  String warehouse() {
    return warehouse;
  }

  /** A new, unique location for a table or view. */
  String newLocation(TableIdentifier identifier) {
    StringBuilder location = new StringBuilder(warehouse);
    for (String level : identifier.namespace().levels()) {
      location.append('/').append(level);
    }
    String suffix = UUID.randomUUID().toString().replace("-", "");
    return location.append('/').append(identifier.name()).append('-').append(suffix).toString();
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

  /** Checks the {@code location} property of a namespace, if set. */
  void checkNamespace(Namespace namespace, Map<String, String> properties) {
    String location = properties.get(NAMESPACE_LOCATION);
    if (location == null) {
      return;
    }
    String zoneRoot = zoneRoot(namespace.level(0));
    if (!isInside(zoneRoot, location) && !isSame(zoneRoot, location)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid location for namespace %s: %s (must be inside %s/)",
              namespace, location, zoneRoot));
    }
  }

  /** Whether a metadata file a client wants to register lies inside the warehouse. */
  boolean isInWarehouse(String location) {
    return location != null && isInside(warehouse, location);
  }

  /** Whether a file lies inside a table's location. */
  static boolean contains(String tableLocation, String file) {
    return tableLocation != null && isInside(normalize(tableLocation), file);
  }

  void rejectOverlap(TableIdentifier identifier, String location, TableIdentifier other) {
    throw new IllegalArgumentException(
        String.format(
            "Invalid location for %s: %s overlaps the location of %s (locations must not equal,"
                + " contain or lie inside another table's or view's)",
            identifier, location, other));
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
    return warehouse + "/" + zone;
  }

  /**
   * Whether {@code location} lies strictly below {@code root}, with no segment that a file system
   * or object store could read as a step up, an empty step, or an escape.
   */
  private static boolean isInside(String root, String location) {
    if (location == null || location.length() > 1000) {
      return false;
    }
    String normalized = normalize(location);
    String prefix = root + "/";
    if (!normalized.startsWith(prefix) || normalized.length() == prefix.length()) {
      return false;
    }
    for (String segment : normalized.substring(prefix.length()).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '\\' || Character.isISOControl(c)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isSame(String root, String location) {
    return normalize(location).equals(root);
  }

  /**
   * {@code s3a://} and {@code s3n://} name the same objects as {@code s3://}; drop trailing
   * slashes.
   */
  static String normalize(String location) {
    String result = location;
    if (result.startsWith("s3a://") || result.startsWith("s3n://")) {
      result = "s3://" + result.substring(6);
    }
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
