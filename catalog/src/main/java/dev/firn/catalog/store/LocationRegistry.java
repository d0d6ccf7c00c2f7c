package dev.firn.catalog.store;

import dev.firn.vocabulary.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The location of every table and view, in {@code firn_locations}, so that no new location equals,
 * lies inside, or encloses another object's. A table moved by {@code set-location} keeps its files
 * where they were, so its former locations stay claimed too, in {@code firn_former_locations},
 * until it is dropped: no other object may take them, and the table's deletes may reach them.
 * Locations arrive normalized ({@code s3://}, no trailing slash).
 */
final class LocationRegistry {
  private final SqlDialect dialect;
  private final String catalog;

  LocationRegistry(SqlDialect dialect, String catalog) {
    this.dialect = dialect;
    this.catalog = catalog;
  }

  static List<String> schema(SqlDialect dialect) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_locations ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " table_namespace VARCHAR(255) NOT NULL,"
            + " table_name VARCHAR(255) NOT NULL,"
            + " location VARCHAR(1000) NOT NULL,"
            + " PRIMARY KEY (catalog_name, table_namespace, table_name))",
        "CREATE INDEX IF NOT EXISTS firn_locations_by_location ON firn_locations (catalog_name, "
            + dialect.prefixSearchable("location")
            + ")",
        "CREATE TABLE IF NOT EXISTS firn_former_locations ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " table_namespace VARCHAR(255) NOT NULL,"
            + " table_name VARCHAR(255) NOT NULL,"
            + " location VARCHAR(1000) NOT NULL,"
            + " PRIMARY KEY (catalog_name, table_namespace, table_name, location))",
        "CREATE INDEX IF NOT EXISTS firn_former_locations_by_location ON firn_former_locations"
            + " (catalog_name, "
            + dialect.prefixSearchable("location")
            + ")");
  }

  /**
   * Where an object may own files: its current location first, then the locations it was moved
   * from. Empty when the registry has no location for it.
   */
  List<String> locations(Connection connection, TableIdentifier id) throws SQLException {
    List<String> result = new ArrayList<>();
    for (String table : List.of("firn_locations", "firn_former_locations")) {
      String sql =
          "SELECT location FROM "
              + table
              + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"
              + " ORDER BY location";
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, catalog);
        statement.setString(2, StoredNamespace.encode(id.namespace()));
        statement.setString(3, id.name());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            result.add(rows.getString(1));
          }
        }
      }
      if (result.isEmpty()) {
        // No current location: whatever former ones say, the object is not in the registry.
        return result;
      }
    }
    return result;
  }

  /** The object, other than {@code id}, whose location overlaps {@code location}, if any. */
  Optional<TableIdentifier> conflict(Connection connection, TableIdentifier id, String location)
      throws SQLException {
    for (String table : List.of("firn_locations", "firn_former_locations")) {
      Optional<TableIdentifier> other = conflict(connection, table, id, location);
      if (other.isPresent()) {
        return other;
      }
    }
    return Optional.empty();
  }

  private Optional<TableIdentifier> conflict(
      Connection connection, String table, TableIdentifier id, String location)
      throws SQLException {
    List<String> ancestors = ancestorsAndSelf(location);
    String sql =
        "SELECT table_namespace, table_name FROM "
            + table
            + " WHERE catalog_name = ?"
            + " AND (location IN ("
            + String.join(", ", java.util.Collections.nCopies(ancestors.size(), "?"))
            + ") OR location LIKE ? ESCAPE '!')"
            + " AND NOT (table_namespace = ? AND table_name = ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      statement.setString(index++, catalog);
      for (String ancestor : ancestors) {
        statement.setString(index++, ancestor);
      }
      statement.setString(index++, escapeLike(location) + "/%");
      statement.setString(index++, StoredNamespace.encode(id.namespace()));
      statement.setString(index, id.name());
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next()) {
          Namespace namespace = StoredNamespace.decode(rows.getString(1));
          return Optional.of(TableIdentifier.of(namespace, rows.getString(2)));
        }
      }
    }
    return Optional.empty();
  }

  /** Claims a location for an object, after checking no other object overlaps it. */
  void claim(Connection connection, TableIdentifier id, String location) throws SQLException {
    dialect.lockCatalogLocations(connection, catalog);
    Optional<TableIdentifier> other = conflict(connection, id, location);
    if (other.isPresent()) {
      throw overlap(id, location, other.get());
    }
    List<String> held = locations(connection, id);
    if (!held.isEmpty() && !held.get(0).equals(location)) {
      // A move leaves the files where they are: the old location stays the table's.
      delete(connection, "firn_former_locations", id, location);
      insert(connection, "firn_former_locations", id, held.get(0));
    }
    delete(connection, "firn_locations", id, null);
    insert(connection, "firn_locations", id, location);
  }

  /** Releases every location of an object: it is dropped. */
  void release(Connection connection, TableIdentifier id) throws SQLException {
    delete(connection, "firn_locations", id, null);
    delete(connection, "firn_former_locations", id, null);
  }

  void rename(Connection connection, TableIdentifier from, TableIdentifier to) throws SQLException {
    for (String table : List.of("firn_locations", "firn_former_locations")) {
      String sql =
          "UPDATE "
              + table
              + " SET table_namespace = ?, table_name = ?"
              + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?";
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, StoredNamespace.encode(to.namespace()));
        statement.setString(2, to.name());
        statement.setString(3, catalog);
        statement.setString(4, StoredNamespace.encode(from.namespace()));
        statement.setString(5, from.name());
        statement.executeUpdate();
      }
    }
  }

  private void insert(Connection connection, String table, TableIdentifier id, String location)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + table
            + " (catalog_name, table_namespace, table_name, location) VALUES (?, ?, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, catalog);
      statement.setString(2, StoredNamespace.encode(id.namespace()));
      statement.setString(3, id.name());
      statement.setString(4, location);
      statement.executeUpdate();
    }
  }

  /** Deletes an object's rows from a table: all of them, or only {@code location}'s. */
  private void delete(Connection connection, String table, TableIdentifier id, String location)
      throws SQLException {
    String sql =
        "DELETE FROM "
            + table
            + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"
            + (location == null ? "" : " AND location = ?");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, catalog);
      statement.setString(2, StoredNamespace.encode(id.namespace()));
      statement.setString(3, id.name());
      if (location != null) {
        statement.setString(4, location);
      }
      statement.executeUpdate();
    }
  }

  static IllegalArgumentException overlap(
      TableIdentifier id, String location, TableIdentifier other) {
    return new IllegalArgumentException(
        String.format(
            "Invalid location for %s: %s overlaps the location of %s (locations must not equal,"
                + " contain or lie inside another table's or view's)",
            id, location, other));
  }

  /** {@code s3://b/x/y} gives {@code s3://b}, {@code s3://b/x}, {@code s3://b/x/y}. */
  static List<String> ancestorsAndSelf(String location) {
    List<String> result = new ArrayList<>();
    int start = location.indexOf("://");
    int from = start < 0 ? 0 : start + 3;
    int slash = location.indexOf('/', from);
    while (slash > 0) {
      result.add(location.substring(0, slash));
      slash = location.indexOf('/', slash + 1);
    }
    result.add(location);
    return result;
  }

  private static String escapeLike(String value) {
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
