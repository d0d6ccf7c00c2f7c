package dev.firn.catalog.access;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.firn.catalog.store.GrantStore;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.exceptions.ForbiddenException;

/**
 * Who may do what: a principal may do what any grant of its roles allows, on the granted securable
 * and everything below it. With authentication off, the one caller ({@link Principal#ANONYMOUS})
 * may do everything. A principal's grants are read once and remembered for {@link #REMEMBERED}, so
 * a change reaches every node within that time.
 */
public final class Privileges {
  static final Duration REMEMBERED = Duration.ofSeconds(10);

  private final GrantStore store;
  private final LoadingCache<Principal, List<Grant>> grants;

  public Privileges(GrantStore store) {
    this.store = store;
    this.grants =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(REMEMBERED)
            .build(principal -> read(store, principal));
  }

  /** Creates the ready-made roles that do not exist yet, with their grants. */
  public void createReadyMadeRoles() {
    for (ReadyMadeRole role : ReadyMadeRole.values()) {
      if (store.createRole(role.roleName())) {
        role.grants().forEach(grant -> store.grant(stored(grant)));
      }
    }
  }

  /** Puts a principal in a role. */
  public void addToRole(String principal, String role) {
    requireRole(role);
    store.addMember(role, principal);
    forget(principal);
  }

  /** Takes a principal out of a role; false when it was not in it. */
  public boolean removeFromRole(String principal, String role) {
    boolean removed = store.removeMember(role, principal);
    forget(principal);
    return removed;
  }

  /**
   * Creates a role with no grants.
   *
   * @throws org.apache.iceberg.exceptions.AlreadyExistsException when it exists
   */
  public void createRole(String role) {
    if (role == null || !Authentication.NAME.matcher(role).matches()) {
      throw new IllegalArgumentException(
          "Invalid role name: "
              + role
              + " (letters, digits, '.', '_' and '-', at most 63, starting with a letter or digit)");
    }
    if (!store.createRole(role)) {
      throw new org.apache.iceberg.exceptions.AlreadyExistsException(
          "Role already exists: %s", role);
    }
  }

  /** Every role with its members and grants. */
  public List<RoleView> roles() {
    return store.roles().stream()
        .map(
            role ->
                new RoleView(
                    role,
                    store.members(role),
                    store.grantsOfRole(role).stream().map(Privileges::grant).toList()))
        .toList();
  }

  /** A role as the management API shows it. */
  public record RoleView(String name, List<String> members, List<Grant> grants) {}

  private void forget(String principal) {
    grants.asMap().keySet().removeIf(known -> known.name().equals(principal));
  }

  /** The roles a principal is in: those Firn records, and those of its token that exist. */
  public List<String> rolesOf(Principal principal) {
    java.util.SortedSet<String> roles = new java.util.TreeSet<>(store.rolesOf(principal.name()));
    if (!principal.roles().isEmpty()) {
      List<String> existing = store.roles();
      principal.roles().stream().filter(existing::contains).forEach(roles::add);
    }
    return List.copyOf(roles);
  }

  /** Adds a grant to its role; false when the role held it already. */
  public boolean grant(Grant grant) {
    requireRole(grant.role());
    boolean added = store.grant(stored(grant));
    grants.invalidateAll();
    return added;
  }

  /** Removes a grant from its role; false when the role did not hold it. */
  public boolean revoke(Grant grant) {
    boolean removed = store.revoke(stored(grant));
    grants.invalidateAll();
    return removed;
  }

  /** The privileges {@code principal} holds on {@code target}, through any grant. */
  public java.util.Set<Privilege> effective(Principal principal, Securable target) {
    java.util.Set<Privilege> held = java.util.EnumSet.noneOf(Privilege.class);
    for (Privilege privilege : Privilege.values()) {
      if (allows(principal, privilege, target)) {
        held.add(privilege);
      }
    }
    return held;
  }

  private void requireRole(String role) {
    if (!store.roles().contains(role)) {
      throw new org.apache.iceberg.exceptions.NotFoundException("No such role: %s", role);
    }
  }

  /** Whether {@code caller} may do {@code privilege} to {@code target}. */
  public boolean allows(Principal caller, Privilege privilege, Securable target) {
    if (caller.authenticationOff()) {
      return true;
    }
    for (Grant grant : grants.get(caller)) {
      if (grant.allows(privilege, target)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code caller} may see that {@code target} exists: some grant covers it, or lies below
   * it (a namespace on the way to a table the caller may use).
   */
  public boolean sees(Principal caller, Securable target) {
    if (caller.authenticationOff()) {
      return true;
    }
    for (Grant grant : grants.get(caller)) {
      if (grant.on().covers(target) || target.covers(grant.on())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns when {@code caller} may do {@code privilege} to {@code target}.
   *
   * @throws ForbiddenException naming the privilege and target, whether or not the target exists
   */
  public void require(Principal caller, Privilege privilege, Securable target) {
    if (!allows(caller, privilege, target)) {
      throw new ForbiddenException(
          "Forbidden: principal %s lacks %s on %s", caller.name(), privilege.label(), target);
    }
  }

  /** The grants of a principal's roles. */
  public List<Grant> grantsOf(Principal caller) {
    return grants.get(caller);
  }

  private static List<Grant> read(GrantStore store, Principal principal) {
    return store.grantsOf(principal.name(), principal.roles()).stream()
        .map(Privileges::grant)
        .toList();
  }

  private static Grant grant(GrantStore.StoredGrant row) {
    return new Grant(
        row.role(), Privilege.of(row.privilege()), Securable.stored(row.kind(), row.path()));
  }

  private static GrantStore.StoredGrant stored(Grant grant) {
    return new GrantStore.StoredGrant(
        grant.role(), grant.privilege().label(), grant.on().kind().name(), grant.on().storedPath());
  }
}
