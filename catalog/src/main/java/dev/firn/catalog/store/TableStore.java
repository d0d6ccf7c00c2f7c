package dev.firn.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Pointers from table and view names to their current metadata file, in {@code iceberg_tables}.
 *
 * <p>A commit is one compare-and-swap of each pointer it changes, in one transaction, attempted
 * once. Its SQL failures reach the caller unchanged as {@link SQLException}, so the caller can
 * decide whether the outcome is known.
 */
public final class TableStore {
  private final CatalogDatabase database;
  private final NamespaceStore namespaces;
  private final String catalog;
  private final LocationRegistry locations;
  private volatile StoreChanges listener = StoreChanges.NONE;

  public TableStore(CatalogDatabase database, NamespaceStore namespaces, String catalog) {
    this.database = database;
    this.namespaces = namespaces;
    this.catalog = catalog;
    this.locations = new LocationRegistry(database.dialect(), catalog);
  }

  /** Tells {@code listener} of every name this store changes from now on. */
  public void tell(StoreChanges listener) {
    this.listener = listener;
  }

  /** The kind and metadata location stored under a name, if any. */
  public Optional<StoredObject> find(TableIdentifier id) {
    return database.read(connection -> find(connection, id));
  }

  /** The current metadata location of a table or view of this kind, if one exists. */
  public Optional<String> metadataLocation(TableIdentifier id, ObjectKind kind) {
    return find(id).filter(found -> found.kind() == kind).map(StoredObject::metadataLocation);
  }

  private Optional<StoredObject> find(Connection connection, TableIdentifier id)
      throws SQLException {
    String sql =
        "SELECT metadata_location, iceberg_type FROM iceberg_tables"
            + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bindName(statement, 1, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String type = rows.getString(2);
        ObjectKind kind = "VIEW".equals(type) ? ObjectKind.VIEW : ObjectKind.TABLE;
        return Optional.of(new StoredObject(kind, rows.getString(1)));
      }
    }
  }

  /** Every name of this kind in a namespace, in name order. */
  public List<TableIdentifier> list(Namespace namespace, ObjectKind kind) {
    return page(namespace, kind, null, Integer.MAX_VALUE).identifiers();
  }

  /**
   * Up to {@code limit} names of this kind that sort after {@code after} (null: from the start).
   */
  public TablePage page(Namespace namespace, ObjectKind kind, String after, int limit) {
    return database.read(
        connection -> {
          if (!namespaces.exists(connection, namespace, false)) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
          }
          String sql =
              "SELECT table_name FROM iceberg_tables"
                  + " WHERE catalog_name = ? AND table_namespace = ? AND "
                  + kind.condition()
                  + (after == null ? "" : " AND table_name > ?")
                  + " ORDER BY table_name";
          List<TableIdentifier> identifiers = new ArrayList<>();
          boolean more = false;
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, catalog);
            statement.setString(2, StoredNamespace.encode(namespace));
            if (after != null) {
              statement.setString(3, after);
            }
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                if (identifiers.size() == limit) {
                  more = true;
                  break;
                }
                identifiers.add(TableIdentifier.of(namespace, rows.getString(1)));
              }
            }
          }
          String last = more ? identifiers.get(identifiers.size() - 1).name() : null;
          return new TablePage(identifiers, last);
        });
  }

  /**
   * Applies pointer changes in one database transaction: all of them, or none. A create fails if
   * the namespace is missing or the name taken; a swap fails with {@link CommitFailedException} if
   * the pointer no longer names its base, which means the change certainly did not apply. A new or
   * changed location must not overlap another object's. SQL failures come back as {@link
   * SQLException}: then the outcome is open, and the caller must find out before deleting anything.
   */
  public void apply(List<PointerChange> changes) throws SQLException {
    try {
      database.transaction(
          connection -> {
            for (PointerChange change : changes) {
              if (change.isCreate()) {
                insert(connection, change);
              } else {
                swap(connection, change);
              }
              if (change.newLocation() != null) {
                locations.claim(connection, change.id(), change.newLocation());
              }
            }
            return null;
          });
    } catch (SQLException e) {
      // The outcome is open: whoever listens reads what holds now.
      changes.forEach(change -> listener.objectChanged(change.id()));
      throw e;
    }
    changes.forEach(change -> listener.objectChanged(change.id()));
  }

  /** Every table and view of the catalog, with what each name points at. */
  public java.util.Map<TableIdentifier, StoredObject> all() {
    return database.read(
        connection -> {
          String sql =
              "SELECT table_namespace, table_name, metadata_location, iceberg_type"
                  + " FROM iceberg_tables WHERE catalog_name = ?";
          java.util.Map<TableIdentifier, StoredObject> result = new java.util.LinkedHashMap<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, catalog);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                result.put(
                    TableIdentifier.of(
                        StoredNamespace.decode(rows.getString(1)), rows.getString(2)),
                    new StoredObject(
                        "VIEW".equals(rows.getString(4)) ? ObjectKind.VIEW : ObjectKind.TABLE,
                        rows.getString(3)));
              }
            }
          }
          return result;
        });
  }

  /** The object, other than {@code id}, whose location overlaps {@code location}, if any. */
  public Optional<TableIdentifier> locationConflict(TableIdentifier id, String location) {
    return database.read(connection -> locations.conflict(connection, id, location));
  }

  /**
   * Where the registry lets an object own files: its current location first, then those it was
   * moved from; empty when the registry holds none for it (written by another tool).
   */
  public List<String> registeredLocations(TableIdentifier id) {
    return database.read(connection -> locations.locations(connection, id));
  }

  private void insert(Connection connection, PointerChange change) throws SQLException {
    TableIdentifier id = change.id();
    namespaces.requireExists(connection, id.namespace());
    Optional<StoredObject> existing = find(connection, id);
    if (existing.isPresent()) {
      throw alreadyExists(id, change.kind(), existing.get().kind());
    }
    String sql =
        "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name,"
            + " metadata_location, previous_metadata_location, iceberg_type)"
            + " VALUES (?, ?, ?, ?, NULL, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bindName(statement, 1, id);
      statement.setString(4, change.newMetadata());
      statement.setString(5, change.kind().column());
      statement.executeUpdate();
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        // Created concurrently since the check above.
        throw alreadyExists(id, change.kind(), change.kind());
      }
      throw e;
    }
  }

  private void swap(Connection connection, PointerChange change) throws SQLException {
    String sql =
        "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?"
            + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"
            + " AND metadata_location = ? AND "
            + change.kind().condition();
    int updated;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, change.newMetadata());
      statement.setString(2, change.baseMetadata());
      bindName(statement, 3, change.id());
      statement.setString(6, change.baseMetadata());
      updated = statement.executeUpdate();
    }
    if (updated != 1) {
      throw new CommitFailedException(
          "Cannot commit %s: its metadata location is no longer %s",
          change.id(), change.baseMetadata());
    }
  }

  /** Removes a table or view; returns false if there was none of this kind. */
  public boolean drop(TableIdentifier id, ObjectKind kind) {
    try {
      return notifying(
          id,
          null,
          database.transaction(
              connection -> {
                String sql =
                    "DELETE FROM iceberg_tables"
                        + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND "
                        + kind.condition();
                boolean dropped;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                  bindName(statement, 1, id);
                  dropped = statement.executeUpdate() > 0;
                }
                if (dropped) {
                  locations.release(connection, id);
                }
                return dropped;
              }));
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot drop %s", id);
    }
  }

  /** Renames a table or view; the target namespace must exist and the target name be free. */
  public void rename(TableIdentifier from, TableIdentifier to, ObjectKind kind) {
    try {
      database.transaction(
          connection -> {
            Optional<StoredObject> source = find(connection, from);
            if (source.isEmpty() || source.get().kind() != kind) {
              throw kind == ObjectKind.TABLE
                  ? new NoSuchTableException("Table does not exist: %s", from)
                  : new NoSuchViewException("View does not exist: %s", from);
            }
            namespaces.requireExists(connection, to.namespace());
            Optional<StoredObject> target = find(connection, to);
            if (target.isPresent()) {
              throw new AlreadyExistsException(
                  "Cannot rename %s to %s. %s already exists",
                  from, to, target.get().kind() == ObjectKind.TABLE ? "Table" : "View");
            }
            String sql =
                "UPDATE iceberg_tables SET table_namespace = ?, table_name = ?"
                    + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              statement.setString(1, StoredNamespace.encode(to.namespace()));
              statement.setString(2, to.name());
              bindName(statement, 3, from);
              statement.executeUpdate();
            }
            locations.rename(connection, from, to);
            return null;
          });
      notifying(from, to, true);
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        throw new AlreadyExistsException("Cannot rename %s to %s: name is taken", from, to);
      }
      throw new UncheckedSQLException(e, "Cannot rename %s to %s", from, to);
    }
  }

  private boolean notifying(TableIdentifier id, TableIdentifier other, boolean changed) {
    if (changed) {
      listener.objectChanged(id);
      if (other != null) {
        listener.objectChanged(other);
      }
    }
    return changed;
  }

  /** How many tables and views a namespace holds. */
  static int countIn(Connection connection, String catalog, Namespace namespace)
      throws SQLException {
    String sql =
        "SELECT COUNT(*) FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, catalog);
      statement.setString(2, StoredNamespace.encode(namespace));
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private void bindName(PreparedStatement statement, int first, TableIdentifier id)
      throws SQLException {
    statement.setString(first, catalog);
    statement.setString(first + 1, StoredNamespace.encode(id.namespace()));
    statement.setString(first + 2, id.name());
  }

  private static AlreadyExistsException alreadyExists(
      TableIdentifier id, ObjectKind wanted, ObjectKind existing) {
    if (wanted == existing) {
      return new AlreadyExistsException(
          "%s already exists: %s", existing == ObjectKind.TABLE ? "Table" : "View", id);
    }
    return new AlreadyExistsException(
        "%s with same name already exists: %s",
        existing == ObjectKind.TABLE ? "Table" : "View", id);
  }

  /**
   * What a name points at.
   *
   * @param kind table or view
   * @param metadataLocation its current metadata file
   */
  public record StoredObject(ObjectKind kind, String metadataLocation) {}
}
