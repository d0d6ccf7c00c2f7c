package dev.firn.catalog.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Roles, the principals in them, and the roles' grants, in {@code firn_roles}, {@code
 * firn_role_members} and {@code firn_grants}. A grant row names a privilege and a securable by kind
 * and path; the access layer gives them meaning.
 */
public final class GrantStore {
  private static final String GRANT_COLUMNS =
      "role_name, privilege, securable_kind, securable_path";

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
    return database.insertUnlessPresent(
        "Cannot create role " + role,
        "INSERT INTO firn_roles (catalog_name, role_name, created_at_ms) VALUES (?, ?, ?)",
        catalog,
        role,
        clock.millis());
  }

  /** Every role, by name. */
  public List<String> roles() {
    return database.list(
        "SELECT role_name FROM firn_roles WHERE catalog_name = ? ORDER BY role_name",
        row -> row.getString(1),
        catalog);
  }

  /** Puts a principal in a role; false when it is in it already. */
  public boolean addMember(String role, String principal) {
    return database.insertUnlessPresent(
        "Cannot add " + principal + " to role " + role,
        "INSERT INTO firn_role_members (catalog_name, role_name, principal_name) VALUES (?, ?, ?)",
        catalog,
        role,
        principal);
  }

  /** Takes a principal out of a role; false when it was not in it. */
  public boolean removeMember(String role, String principal) {
    return database.change(
            "Cannot take " + principal + " out of role " + role,
            "DELETE FROM firn_role_members WHERE catalog_name = ? AND role_name = ?"
                + " AND principal_name = ?",
            catalog,
            role,
            principal)
        > 0;
  }

  /** The principals in a role, by name. */
  public List<String> members(String role) {
    return database.list(
        "SELECT principal_name FROM firn_role_members WHERE catalog_name = ? AND role_name = ?"
            + " ORDER BY principal_name",
        row -> row.getString(1),
        catalog,
        role);
  }

  /** The roles a principal is in, by name. */
  public List<String> rolesOf(String principal) {
    return database.list(
        "SELECT role_name FROM firn_role_members WHERE catalog_name = ? AND principal_name = ?"
            + " ORDER BY role_name",
        row -> row.getString(1),
        catalog,
        principal);
  }

  /** Adds a grant; false when the role holds it already. */
  public boolean grant(StoredGrant grant) {
    return database.insertUnlessPresent(
        "Cannot grant " + grant.privilege() + " to role " + grant.role(),
        "INSERT INTO firn_grants (catalog_name, " + GRANT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        catalog,
        grant.role(),
        grant.privilege(),
        grant.kind(),
        grant.path());
  }

  /** Removes a grant; false when the role did not hold it. */
  public boolean revoke(StoredGrant grant) {
    return database.change(
            "Cannot revoke " + grant.privilege() + " from role " + grant.role(),
            "DELETE FROM firn_grants WHERE catalog_name = ? AND role_name = ? AND privilege = ?"
                + " AND securable_kind = ? AND securable_path = ?",
            catalog,
            grant.role(),
            grant.privilege(),
            grant.kind(),
            grant.path())
        > 0;
  }

  /** The grants a role holds. */
  public List<StoredGrant> grantsOfRole(String role) {
    return database.list(
        "SELECT "
            + GRANT_COLUMNS
            + " FROM firn_grants WHERE catalog_name = ? AND role_name = ?"
            + " ORDER BY securable_kind, securable_path, privilege",
        GrantStore::grant,
        catalog,
        role);
  }

  /** The grants of the roles a principal is in, besides {@code roles} it holds from elsewhere. */
  public List<StoredGrant> grantsOf(String principal, List<String> roles) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + GRANT_COLUMNS
                + " FROM firn_grants WHERE catalog_name = ? AND (role_name IN"
                + " (SELECT role_name FROM firn_role_members WHERE catalog_name = ?"
                + " AND principal_name = ?)");
    List<Object> parameters = new ArrayList<>(List.of(catalog, catalog, principal));
    for (String role : roles) {
      sql.append(" OR role_name = ?");
      parameters.add(role);
    }
    sql.append(")");
    return database.list(sql.toString(), GrantStore::grant, parameters.toArray());
  }

  private static StoredGrant grant(java.sql.ResultSet row) throws java.sql.SQLException {
    return new StoredGrant(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
  }
}
