package dev.firn.catalog.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;

/**
 * How a namespace is written in the database: its levels joined by dots, as Iceberg's {@code
 * JdbcCatalog} writes them. A level that itself holds a dot (or a percent sign) has those
 * characters percent-encoded, so {@code ["a.b"]} and {@code ["a", "b"]} stay distinct; every other
 * name is stored exactly as {@code JdbcCatalog} would store it.
 */
final class StoredNamespace {
  private StoredNamespace() {}

  static String encode(Namespace namespace) {
    StringBuilder out = new StringBuilder();
    String[] levels = namespace.levels();
    for (int i = 0; i < levels.length; i++) {
      if (i > 0) {
        out.append('.');
      }
      out.append(levels[i].replace("%", "%25").replace(".", "%2E"));
    }
    return out.toString();
  }

  static Namespace decode(String stored) {
    if (stored.isEmpty()) {
      return Namespace.empty();
    }
    List<String> levels = new ArrayList<>();
    for (String level : stored.split("\\.", -1)) {
      levels.add(decodeLevel(level));
    }
    return Namespace.of(levels.toArray(String[]::new));
  }

  private static String decodeLevel(String level) {
    StringBuilder out = new StringBuilder(level.length());
    for (int i = 0; i < level.length(); i++) {
      if (level.startsWith("%25", i)) {
        out.append('%');
        i += 2;
      } else if (level.startsWith("%2E", i)) {
        out.append('.');
        i += 2;
      } else {
        out.append(level.charAt(i));
      }
    }
    return out.toString();
  }

  /** A LIKE pattern (escape character {@code !}) matching every namespace below this one. */
  static String descendantsPattern(Namespace parent) {
    return escapeLike(encode(parent) + ".") + "%";
  }

  private static String escapeLike(String value) {
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
