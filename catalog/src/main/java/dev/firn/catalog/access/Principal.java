package dev.firn.catalog.access;

import java.util.Objects;

/**
 * Who a request comes from: the name of a principal Firn knows, or {@link #ANONYMOUS} when
 * authentication is switched off.
 *
 * @param name the principal's name
 * @param authenticationOff whether this is the caller of a server without authentication, which may
 *     do everything; no token and no name makes a principal that
 */
public record Principal(String name, boolean authenticationOff) {
  /** The caller of every request when authentication is off. */
  public static final Principal ANONYMOUS = new Principal("anonymous", true);

  /** The principal {@code firn serve} creates on its first start. */
  public static final String ROOT = "root";

  public Principal {
    Objects.requireNonNull(name, "name");
  }

  /** A signed-in principal. */
  public Principal(String name) {
    this(name, false);
  }
}
