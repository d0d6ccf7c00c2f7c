package dev.firn.catalog.iceberg;

import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Rules for the names that become parts of storage paths. A name is checked before anything is
 * written under it.
 */
final class Identifiers {
  /** Longest name part, and longest stored namespace, the catalog tables can hold. */
  static final int MAX_NAME_LENGTH = 255;

  private Identifiers() {}

  static void check(Namespace namespace) {
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("Invalid namespace: the empty namespace holds no objects");
    }
    for (String level : namespace.levels()) {
      checkPart("namespace", level);
    }
    if (String.join(".", namespace.levels()).length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid namespace: %s (longer than %s characters)", namespace, MAX_NAME_LENGTH));
    }
  }

  static void check(TableIdentifier identifier) {
    check(identifier.namespace());
    checkPart("name", identifier.name());
  }

  private static void checkPart(String what, String part) {
    if (part == null || part.isEmpty()) {
      throw new IllegalArgumentException("Invalid " + what + ": empty");
    }
    if (part.equals(".") || part.equals("..")) {
      throw new IllegalArgumentException("Invalid " + what + ": '" + part + "'");
    }
    if (part.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid %s: %s... (longer than %s characters)",
              what, part.substring(0, 32), MAX_NAME_LENGTH));
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '/' || c == '\\') {
        throw new IllegalArgumentException(
            "Invalid " + what + ": '" + part + "' (must not contain '/' or '\\')");
      }
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid %s: %s (contains control or format character U+%04X)",
                what, part.replaceAll("\\p{Cc}|\\p{Cf}", "?"), (int) c));
      }
    }
  }
}
