package dev.firn.catalog.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Roles, the principals in them, and the roles' grants, in {@code firn_roles}, {@code
 * firn_role_members} and {@code firn_grants}. A grant row names a privilege and a securable by kind
 * and path; the access layer gives them meaning.
 */
public final class GrantStore {
  private final CatalogDatabase database;
  private final String catalog;
  private final Clock clock;

  public GrantStore(CatalogDatabase database, String catalog, Clock clock) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** A stored grant: a role, a privilege, and the kind and path of the securable. */
  public record StoredGrant(String role, String privilege, String kind, String path) {}

  static List<String> schema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS firn_roles ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " role_name VARCHAR(255) NOT NULL,"
            + " created_at_ms BIGINT NOT NULL,"
            + " PRIMARY KEY (catalog_name, role_name))",
        "CREATE TABLE IF NOT EXISTS firn_role_members ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " role_name VARCHAR(255) NOT NULL,"
            + " principal_name VARCHAR(255) NOT NULL,"
            + " PRIMARY KEY (catalog_name, role_name, principal_name))",
        "CREATE TABLE IF NOT EXISTS firn_grants ("
            + "catalog_name VARCHAR(255) NOT NULL,"
            + " role_name VARCHAR(255) NOT NULL,"
            + " privilege VARCHAR(16) NOT NULL,"
            + " securable_kind VARCHAR(16) NOT NULL,"
            + " securable_path VARCHAR(1000) NOT NULL,"
            + " PRIMARY KEY (catalog_name, role_name, privilege, securable_kind, securable_path))");
  }

  /** Creates a role; false when it exists. */
  public boolean createRole(String role) {
    return insert(
        "INSERT INTO firn_roles (catalog_name, role_name, created_at_ms) VALUES (?, ?, ?)",
        "Cannot create role " + role,
        catalog,
        role,
        clock.millis());
  }

  /** Every role, by name. */
  public List<String> roles() {
    return strings(
        "SELECT role_name FROM firn_roles WHERE catalog_name = ? ORDER BY role_name", catalog);
  }

  /** Puts a principal in a role; false when it is in it already. */
  public boolean addMember(String role, String principal) {
    return insert(
        "INSERT INTO firn_role_members (catalog_name, role_name, principal_name) VALUES (?, ?, ?)",
        "Cannot add " + principal + " to role " + role,
        catalog,
        role,
        principal);
  }

  /** Takes a principal out of a role; false when it was not in it. */
  public boolean removeMember(String role, String principal) {
    return delete(
        "DELETE FROM firn_role_members WHERE catalog_name = ? AND role_name = ?"
            + " AND principal_name = ?",
        catalog,
        role,
        principal);
  }

  /** The principals in a role, by name. */
  public List<String> members(String role) {
    return strings(
        "SELECT principal_name FROM firn_role_members WHERE catalog_name = ? AND role_name = ?"
            + " ORDER BY principal_name",
        catalog,
        role);
  }

  /** The roles a principal is in, by name. */
  public List<String> rolesOf(String principal) {
    return strings(
        "SELECT role_name FROM firn_role_members WHERE catalog_name = ? AND principal_name = ?"
            + " ORDER BY role_name",
        catalog,
        principal);
  }

  /** Adds a grant; false when the role holds it already. */
  public boolean grant(StoredGrant grant) {
    return insert(
        "INSERT INTO firn_grants (catalog_name, role_name, privilege, securable_kind,"
            + " securable_path) VALUES (?, ?, ?, ?, ?)",
        "Cannot grant " + grant.privilege() + " to role " + grant.role(),
        catalog,
        grant.role(),
        grant.privilege(),
        grant.kind(),
        grant.path());
  }

  /** Removes a grant; false when the role did not hold it. */
  public boolean revoke(StoredGrant grant) {
    return delete(
        "DELETE FROM firn_grants WHERE catalog_name = ? AND role_name = ? AND privilege = ?"
            + " AND securable_kind = ? AND securable_path = ?",
        catalog,
        grant.role(),
        grant.privilege(),
        grant.kind(),
        grant.path());
  }

  /** The grants a role holds. */
  public List<StoredGrant> grantsOfRole(String role) {
    return database.read(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT role_name, privilege, securable_kind, securable_path FROM firn_grants"
                      + " WHERE catalog_name = ? AND role_name = ?"
                      + " ORDER BY securable_kind, securable_path, privilege")) {
            statement.setString(1, catalog);
            statement.setString(2, role);
            List<StoredGrant> grants = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                grants.add(
                    new StoredGrant(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4)));
              }
            }
            return grants;
          }
        });
  }

  /** The grants of the roles a principal is in, besides {@code roles} it holds from elsewhere. */
  public List<StoredGrant> grantsOf(String principal, List<String> roles) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT role_name, privilege, securable_kind, securable_path FROM firn_grants"
                + " WHERE catalog_name = ? AND (role_name IN (SELECT role_name FROM"
                + " firn_role_members WHERE catalog_name = ? AND principal_name = ?)");
    List<Object> parameters = new ArrayList<>(List.of(catalog, catalog, principal));
    for (String role : roles) {
      sql.append(" OR role_name = ?");
      parameters.add(role);
    }
    sql.append(")");
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<StoredGrant> grants = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          grants.add(
              new StoredGrant(
                  rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
        }
      }
      return grants;
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot read the grants of %s", principal);
    }
  }

  private boolean insert(String sql, String failure, Object... parameters) {
    try {
      return database.transaction(
          false,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
              }
              statement.executeUpdate();
              return true;
            }
          });
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        return false;
      }
      throw new UncheckedSQLException(e, "%s", failure);
    }
  }

  private boolean delete(String sql, Object... parameters) {
    try {
      return database.transaction(
          false,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
              }
              return statement.executeUpdate() > 0;
            }
          });
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot change the grants");
    }
  }

  private List<String> strings(String sql, Object... parameters) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot read the roles");
    }
  }
}
