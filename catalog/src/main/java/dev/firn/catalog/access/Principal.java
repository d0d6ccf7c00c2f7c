package dev.firn.catalog.access;

import java.util.Objects;

/**
 * Who a request comes from: the name of a principal Firn knows, or {@link #ANONYMOUS} when
 * authentication is switched off.
 */
public record Principal(String name) {
  /** The caller of every request when authentication is off. */
  public static final Principal ANONYMOUS = new Principal("anonymous");

  /** The principal {@code firn serve} creates on its first start. */
  public static final String ROOT = "root";

  public Principal {
    Objects.requireNonNull(name, "name");
  }
}
