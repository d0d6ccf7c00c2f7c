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
 * drop or rename.
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

  private final String warehouse;

  TableLocations(String warehouse) {
    this.warehouse = stripTrailingSlash(warehouse);
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

  /** Checks a table's location and path properties before its metadata is written. */
  void checkTable(TableIdentifier identifier, String location, Map<String, String> properties) {
    checkLocation("table", identifier, location);
    String base = stripTrailingSlash(location);
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

  /** Checks a view's location before its metadata is written. */
  void checkView(TableIdentifier identifier, String location) {
    checkLocation("view", identifier, location);
  }

  /** Whether a metadata file a client wants to register lies inside the warehouse. */
  boolean isInWarehouse(String location) {
    return isInside(warehouse, location);
  }

  private void checkLocation(String kind, TableIdentifier identifier, String location) {
    Namespace zone = Namespace.of(identifier.namespace().level(0));
    String zoneRoot = warehouse + "/" + zone.level(0);
    if (location == null || !isInside(zoneRoot, location) || isSame(zoneRoot, location)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid %s location for %s: %s (must be inside %s/)",
              kind, identifier, location, zoneRoot));
    }
  }

  private static boolean isInside(String root, String location) {
    String normalized = normalizeScheme(stripTrailingSlash(location));
    String prefix = normalizeScheme(root) + "/";
    return normalized.startsWith(prefix)
        && !normalized.contains("/../")
        && !normalized.endsWith("/..")
        && !normalized.contains("/./")
        && !normalized.substring(prefix.length()).startsWith("/");
  }

  private static boolean isSame(String root, String location) {
    return normalizeScheme(stripTrailingSlash(location)).equals(normalizeScheme(root));
  }

  // s3a:// and s3n:// name the same objects as s3://.
  private static String normalizeScheme(String location) {
    if (location.startsWith("s3a://") || location.startsWith("s3n://")) {
      return "s3://" + location.substring(6);
    }
    return location;
  }

  private static String stripTrailingSlash(String location) {
    String result = location;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
