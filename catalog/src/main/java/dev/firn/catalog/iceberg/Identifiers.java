package dev.firn.catalog.iceberg;

import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Rules for the names that become parts of storage paths, checked before anything is written under
 * them: no empty parts, no {@code .} or {@code ..}, no {@code /} or {@code \}, no control, bidi,
 * zero-width or other invisible formatting characters, no unpaired surrogates, bounded lengths and
 * depth.
 */
final class Identifiers {
  /** Longest name part, and longest stored namespace, the catalog tables can hold. */
  static final int MAX_NAME_LENGTH = 255;

  /** Deepest namespace accepted, counting the zone. */
  static final int MAX_NAMESPACE_DEPTH = 16;

  private Identifiers() {}

  static void check(Namespace namespace) {
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("Invalid namespace: the empty namespace holds no objects");
    }
    if (namespace.length() > MAX_NAMESPACE_DEPTH) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid namespace: %s levels deep (at most %s)",
              namespace.length(), MAX_NAMESPACE_DEPTH));
    }
    for (String level : namespace.levels()) {
      checkPart("namespace", level);
    }
    if (String.join(".", namespace.levels()).length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          String.format("Invalid namespace: longer than %s characters in all", MAX_NAME_LENGTH));
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
      if (isInvisible(part, i)) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid %s: '%s' (contains the control or invisible character U+%04X at %s)",
                what, printable(part), (int) c, i));
      }
    }
  }

  private static boolean isInvisible(String part, int index) {
    char c = part.charAt(index);
    if (Character.isHighSurrogate(c)) {
      return index + 1 >= part.length() || !Character.isLowSurrogate(part.charAt(index + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return index == 0 || !Character.isHighSurrogate(part.charAt(index - 1));
    }
    int type = Character.getType(c);
    // FORMAT covers the bidi controls (U+202A..202E, U+2066..2069, U+200E/F), zero-width
    // characters (U+200B..200D, U+2060, U+FEFF) and soft hyphens.
    return Character.isISOControl(c)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String printable(String part) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < part.length(); i++) {
      out.append(isInvisible(part, i) ? '?' : part.charAt(i));
    }
    return out.toString();
  }
}
