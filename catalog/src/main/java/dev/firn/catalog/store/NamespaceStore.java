package dev.firn.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Namespaces and their properties, one row per property in {@code iceberg_namespace_properties}. A
 * namespace exists when it has the reserved {@code exists} row, as in Iceberg's JDBC catalog.
 */
public final class NamespaceStore {
  /** The property that marks a namespace as existing; never shown to clients. */
  public static final String EXISTS_PROPERTY = "exists";

  private final CatalogDatabase database;
  private final String catalog;
  private volatile StoreChanges listener = StoreChanges.NONE;

  public NamespaceStore(CatalogDatabase database, String catalog) {
    this.database = database;
    this.catalog = catalog;
  }

  /** Tells {@code listener} of every namespace this store changes from now on. */
  public void tell(StoreChanges listener) {
    this.listener = listener;
  }

  /** Every namespace of the catalog with its properties, without the existence marker. */
  public Map<Namespace, Map<String, String>> all() {
    return database.read(
        connection -> {
          String sql =
              "SELECT namespace, property_key, property_value FROM iceberg_namespace_properties"
                  + " WHERE catalog_name = ? ORDER BY namespace";
          Map<Namespace, Map<String, String>> rows = new java.util.LinkedHashMap<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, catalog);
            try (ResultSet result = statement.executeQuery()) {
              while (result.next()) {
                rows.computeIfAbsent(
                        StoredNamespace.decode(result.getString(1)), key -> new HashMap<>())
                    .put(result.getString(2), result.getString(3));
              }
            }
          }
          Map<Namespace, Map<String, String>> existing = new java.util.LinkedHashMap<>();
          rows.forEach(
              (namespace, properties) -> {
                if (properties.remove(EXISTS_PROPERTY) != null) {
                  existing.put(namespace, properties);
                }
              });
          return existing;
        });
  }

  public boolean exists(Namespace namespace) {
    return database.read(connection -> exists(connection, namespace, false));
  }

  /** Whether the namespace exists, optionally locking its row until the transaction ends. */
  boolean exists(Connection connection, Namespace namespace, boolean lock) throws SQLException {
    String sql =
        "SELECT 1 FROM iceberg_namespace_properties"
            + " WHERE catalog_name = ? AND namespace = ? AND property_key = ?"
            + (lock ? database.dialect().lockRows() : "");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, catalog);
      statement.setString(2, StoredNamespace.encode(namespace));
      statement.setString(3, EXISTS_PROPERTY);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Creates a namespace; its parent, if any, must exist. */
  public void create(Namespace namespace, Map<String, String> properties) {
    try {
      database.transaction(
          connection -> {
            if (namespace.length() > 1 && !exists(connection, parentOf(namespace), true)) {
              throw new NoSuchNamespaceException(
                  "Parent namespace does not exist: %s", parentOf(namespace));
            }
            Map<String, String> rows = new HashMap<>(properties);
            rows.put(EXISTS_PROPERTY, "true");
            insert(connection, namespace, rows);
            return null;
          });
      listener.namespaceChanged(namespace);
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        throw new AlreadyExistsException("Namespace already exists: %s", namespace);
      }
      throw new UncheckedSQLException(e, "Cannot create namespace %s", namespace);
    }
  }

  /** The namespace's properties, without the reserved existence marker. */
  public Map<String, String> properties(Namespace namespace) {
    Map<String, String> properties =
        database.read(
            connection -> {
              String sql =
                  "SELECT property_key, property_value FROM iceberg_namespace_properties"
                      + " WHERE catalog_name = ? AND namespace = ?";
              try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, catalog);
                statement.setString(2, StoredNamespace.encode(namespace));
                Map<String, String> result = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                  while (rows.next()) {
                    result.put(rows.getString(1), rows.getString(2));
                  }
                }
                return result;
              }
            });
    if (properties.remove(EXISTS_PROPERTY) == null) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return properties;
  }

  /** The direct children of a namespace; the top-level namespaces for the empty namespace. */
  public List<Namespace> children(Namespace parent) {
    return database.read(
        connection -> {
          if (!parent.isEmpty() && !exists(connection, parent, false)) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
          }
          return children(connection, parent);
        });
  }

  private List<Namespace> children(Connection connection, Namespace parent) throws SQLException {
    String sql =
        "SELECT namespace FROM iceberg_namespace_properties"
            + " WHERE catalog_name = ? AND property_key = ?"
            + (parent.isEmpty() ? "" : " AND namespace LIKE ? ESCAPE '!'")
            + " ORDER BY namespace";
    List<Namespace> result = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, catalog);
      statement.setString(2, EXISTS_PROPERTY);
      if (!parent.isEmpty()) {
        statement.setString(3, StoredNamespace.descendantsPattern(parent));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Namespace namespace = StoredNamespace.decode(rows.getString(1));
          if (namespace.length() == parent.length() + 1) {
            result.add(namespace);
          }
        }
      }
    }
    return result;
  }

  /**
   * Drops an empty namespace. Returns false if it does not exist; throws if it still holds
   * namespaces, tables or views.
   */
  public boolean drop(Namespace namespace) {
    try {
      return database.transaction(
              connection -> {
                if (!exists(connection, namespace, true)) {
                  return false;
                }
                if (!children(connection, namespace).isEmpty()) {
                  throw new NamespaceNotEmptyException(
                      "Namespace %s is not empty: it contains namespaces", namespace);
                }
                int objects = TableStore.countIn(connection, catalog, namespace);
                if (objects > 0) {
                  throw new NamespaceNotEmptyException(
                      "Namespace %s is not empty: it contains %s tables or views",
                      namespace, objects);
                }
                deleteKeys(connection, namespace, null);
                return true;
              })
          && told(namespace);
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot drop namespace %s", namespace);
    }
  }

  /** Sets properties, replacing existing values. */
  public void setProperties(Namespace namespace, Map<String, String> updates) {
    try {
      database.transaction(
          connection -> {
            requireExists(connection, namespace);
            deleteKeys(connection, namespace, updates.keySet());
            insert(connection, namespace, updates);
            return null;
          });
      listener.namespaceChanged(namespace);
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot set properties of namespace %s", namespace);
    }
  }

  /** Removes properties; returns whether any was present. */
  public boolean removeProperties(Namespace namespace, Collection<String> keys) {
    try {
      return database.transaction(
              connection -> {
                requireExists(connection, namespace);
                return deleteKeys(connection, namespace, keys) > 0;
              })
          && told(namespace);
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot remove properties of namespace %s", namespace);
    }
  }

  private boolean told(Namespace namespace) {
    listener.namespaceChanged(namespace);
    return true;
  }

  void requireExists(Connection connection, Namespace namespace) throws SQLException {
    if (!exists(connection, namespace, true)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
  }

  private void insert(Connection connection, Namespace namespace, Map<String, String> properties)
      throws SQLException {
    String sql =
        "INSERT INTO iceberg_namespace_properties"
            + " (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Map.Entry<String, String> property : properties.entrySet()) {
        statement.setString(1, catalog);
        statement.setString(2, StoredNamespace.encode(namespace));
        statement.setString(3, property.getKey());
        statement.setString(4, property.getValue());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** Deletes the given keys, or every row of the namespace when keys is null. */
  private int deleteKeys(Connection connection, Namespace namespace, Collection<String> keys)
      throws SQLException {
    if (keys != null && keys.isEmpty()) {
      return 0;
    }
    String sql =
        "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?"
            + (keys == null ? "" : " AND property_key = ?");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (keys == null) {
        statement.setString(1, catalog);
        statement.setString(2, StoredNamespace.encode(namespace));
        return statement.executeUpdate();
      }
      int deleted = 0;
      for (String key : keys) {
        statement.setString(1, catalog);
        statement.setString(2, StoredNamespace.encode(namespace));
        statement.setString(3, key);
        deleted += statement.executeUpdate();
      }
      return deleted;
    }
  }

  private static Namespace parentOf(Namespace namespace) {
    String[] levels = namespace.levels();
    String[] parent = new String[levels.length - 1];
    System.arraycopy(levels, 0, parent, 0, parent.length);
    return Namespace.of(parent);
  }
}
