package dev.firn.catalog.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What a grant is on: the catalog, a namespace (a zone is one), a table or a view. A grant on the
 * catalog or a namespace applies to everything below it.
 *
 * @param kind what it is
 * @param path the namespace levels, then the table's or view's name; empty for the catalog
 */
public record Securable(Kind kind, List<String> path) {
  /** The kinds of securables. */
  public enum Kind {
    CATALOG,
    NAMESPACE,
    TABLE,
    VIEW
  }

  // Stored paths join levels with the unit separator, which no level may contain.
  private static final String SEPARATOR = "\u001f";

  public Securable {
    Objects.requireNonNull(kind, "kind");
    path = List.copyOf(path);
    if ((kind == Kind.CATALOG) != path.isEmpty()
        || (kind == Kind.TABLE || kind == Kind.VIEW) && path.size() < 2) {
      throw new IllegalArgumentException("Invalid " + kind + " path: " + path);
    }
  }

  public static Securable catalog() {
    return new Securable(Kind.CATALOG, List.of());
  }

  public static Securable namespace(Namespace namespace) {
    return namespace.isEmpty()
        ? catalog()
        : new Securable(Kind.NAMESPACE, Arrays.asList(namespace.levels()));
  }

  public static Securable table(TableIdentifier table) {
    return new Securable(Kind.TABLE, levels(table));
  }

  public static Securable view(TableIdentifier view) {
    return new Securable(Kind.VIEW, levels(view));
  }

  /**
   * Reads the form {@link #toString()} writes: {@code catalog}, {@code namespace raw.sales}, {@code
   * table raw.sales.orders} or {@code view curated.kpi.daily}.
   *
   * @throws IllegalArgumentException naming the forms it takes
   */
  public static Securable parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.equals("catalog")) {
      return catalog();
    }
    int space = trimmed.indexOf(' ');
    String kind = space < 0 ? "" : trimmed.substring(0, space);
    String name = space < 0 ? "" : trimmed.substring(space + 1).trim();
    if (!name.isEmpty() && !name.startsWith(".") && !name.endsWith(".") && !name.contains("..")) {
      switch (kind) {
        case "namespace":
          return namespace(Namespace.of(name.split("\\.")));
        case "table":
          if (name.contains(".")) {
            return table(TableIdentifier.parse(name));
          }
          break;
        case "view":
          if (name.contains(".")) {
            return view(TableIdentifier.parse(name));
          }
          break;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "Invalid securable: "
            + text
            + " (catalog, namespace NS, table NS.NAME or view NS.NAME, e.g. namespace raw)");
  }

  /** The securable a stored grant names: its kind and {@link #storedPath()}. */
  static Securable stored(String kind, String path) {
    Kind parsed = Kind.valueOf(kind);
    return new Securable(
        parsed, path.isEmpty() ? List.of() : Arrays.asList(path.split(SEPARATOR, -1)));
  }

  /** The path as stored: levels joined by the unit separator. */
  String storedPath() {
    return String.join(SEPARATOR, path);
  }

  /** Whether a grant on this applies to {@code target}: the same, or something below it. */
  public boolean covers(Securable target) {
    return switch (kind) {
      case CATALOG -> true;
      case NAMESPACE ->
          target.kind != Kind.CATALOG
              && target.path.size() >= path.size()
              && target.path.subList(0, path.size()).equals(path)
              && (target.kind == Kind.NAMESPACE || target.path.size() > path.size());
      case TABLE, VIEW -> equals(target);
    };
  }

  /** Whether {@code target} lies below this: a namespace a grant lies in, or the catalog. */
  boolean isAbove(Securable target) {
    return !equals(target) && covers(target);
  }

  /** A name for messages: {@code catalog}, {@code namespace raw.sales}, {@code table raw.t}. */
  @Override
  public String toString() {
    return kind == Kind.CATALOG
        ? "catalog"
        : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + String.join(".", path);
  }

  private static List<String> levels(TableIdentifier id) {
    List<String> levels = new ArrayList<>(Arrays.asList(id.namespace().levels()));
    levels.add(id.name());
    return levels;
  }
}
