package dev.firn.catalog.access;

import static dev.firn.catalog.access.Privilege.ADMIN;
import static dev.firn.catalog.access.Privilege.ALTER;
import static dev.firn.catalog.access.Privilege.CREATE;
import static dev.firn.catalog.access.Privilege.DROP;
import static dev.firn.catalog.access.Privilege.MAINTAIN;
import static dev.firn.catalog.access.Privilege.READ;
import static dev.firn.catalog.access.Privilege.WRITE;

import dev.firn.vocabulary.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The roles every warehouse starts with, cut to the zones: ingestion jobs write {@code raw},
 * engineers shape {@code raw} and {@code cleaned}, analysts read {@code curated}. Admins may change
 * them like any other role.
 */
public enum ReadyMadeRole {
  /** Everything, everywhere: grants, principals and policies too. */
  ADMIN_ROLE(List.of(new Scope(Securable.catalog(), List.of(ADMIN)))),
  /** Creates tables in {@code raw}, loads them and reads them back. */
  INGEST(List.of(new Scope(zone(Zone.RAW), List.of(READ, WRITE, CREATE)))),
  /** Builds and maintains {@code raw} and {@code cleaned}; reads {@code curated}. */
  ENGINEER(
      List.of(
          new Scope(zone(Zone.RAW), List.of(READ, WRITE, CREATE, ALTER, DROP, MAINTAIN)),
          new Scope(zone(Zone.CLEANED), List.of(READ, WRITE, CREATE, ALTER, DROP, MAINTAIN)),
          new Scope(zone(Zone.CURATED), List.of(READ)))),
  /** Reads {@code curated}. */
  ANALYST(List.of(new Scope(zone(Zone.CURATED), List.of(READ))));

  /** Privileges on one securable. */
  record Scope(Securable on, List<Privilege> privileges) {}

  private final List<Scope> scopes;

  ReadyMadeRole(List<Scope> scopes) {
    this.scopes = scopes;
  }

  /** The role's name: {@code admin}, {@code ingest}, {@code engineer}, {@code analyst}. */
  public String roleName() {
    return this == ADMIN_ROLE ? "admin" : name().toLowerCase(Locale.ROOT);
  }

  /** The grants the role starts with. */
  List<Grant> grants() {
    List<Grant> grants = new ArrayList<>();
    for (Scope scope : scopes) {
      for (Privilege privilege : scope.privileges()) {
        grants.add(new Grant(roleName(), privilege, scope.on()));
      }
    }
    return grants;
  }

  private static Securable zone(Zone zone) {
    return Securable.namespace(zone.namespace());
  }
}
