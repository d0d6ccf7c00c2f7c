package dev.firn.catalog.access;

import java.util.List;
import java.util.Objects;

/**
 * Who a request comes from: a principal Firn issued a token to, one an external OpenID Connect
 * provider vouches for, or {@link #ANONYMOUS} when authentication is switched off.
 *
 * @param name the principal's name
 * @param authenticationOff whether this is the caller of a server without authentication, which may
 *     do everything; no token and no name makes a principal that
 * @param roles the roles its token carries (from an external provider's roles claim), besides the
 *     roles Firn records for it
 */
public record Principal(String name, boolean authenticationOff, List<String> roles) {
  /** The caller of every request when authentication is off. */
  public static final Principal ANONYMOUS = new Principal("anonymous", true, List.of());

  /** The principal {@code firn serve} creates on its first start. */
  public static final String ROOT = "root";

  public Principal {
    Objects.requireNonNull(name, "name");
    roles = List.copyOf(roles);
  }

  /** A principal signed in through Firn's own issuer. */
  public Principal(String name) {
    this(name, false, List.of());
  }

  /** A principal an external provider vouches for, with the roles its token carries. */
  public static Principal external(String name, List<String> roles) {
    return new Principal(name, false, roles);
  }
}
