package dev.firn.catalog.access;

import java.util.Locale;

/** What a grant lets its role's principals do to a securable and everything below it. */
public enum Privilege {
  /** Load and list tables, views and namespaces, and read their data. */
  READ,
  /** Commit data changes: snapshots, branches and tags, statistics. */
  WRITE,
  /** Change schemas, partition specs, sort orders, properties and locations; rename. */
  ALTER,
  /** Create namespaces, tables and views, and register tables. */
  CREATE,
  /** Drop and purge. */
  DROP,
  /** Trigger maintenance and see its runs. */
  MAINTAIN,
  /** Every privilege, and grants, principals and policies ({@code firn.*} properties). */
  ADMIN;

  /** Its name as grants are written: {@code read}, {@code write}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The privilege named {@code label}.
   *
   * @throws IllegalArgumentException naming the privileges there are
   */
  public static Privilege of(String label) {
    for (Privilege privilege : values()) {
      if (privilege.label().equalsIgnoreCase(label)) {
        return privilege;
      }
    }
    throw new IllegalArgumentException(
        "Unknown privilege: " + label + " (read, write, alter, create, drop, maintain or admin)");
  }
}
