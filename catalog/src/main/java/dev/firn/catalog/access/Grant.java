package dev.firn.catalog.access;

import java.util.Objects;

/** A role's privilege on a securable and everything below it. */
public record Grant(String role, Privilege privilege, Securable on) {
  public Grant {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(privilege, "privilege");
    Objects.requireNonNull(on, "on");
  }

  /** Whether this grant lets its holder do {@code wanted} to {@code target}. */
  boolean allows(Privilege wanted, Securable target) {
    return (privilege == wanted || privilege == Privilege.ADMIN) && on.covers(target);
  }
}
