package dev.firn.vocabulary;

import java.util.Arrays;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;

/**
 * The three zones of a Firn lakehouse, in the order data flows through them. Each is a top-level
 * namespace that Firn creates at start-up; a table's zone is the first level of its namespace
 * ({@code raw.sales.orders} is in {@code raw}).
 */
public enum Zone {
  RAW("raw", "Firn zone: data as it landed"),
  CLEANED("cleaned", "Firn zone: validated, typed, deduplicated data"),
  CURATED("curated", "Firn zone: data modelled for consumers");

  private final String level;
  private final String description;

  Zone(String level, String description) {
    this.level = level;
    this.description = description;
  }

  /** The zone's name as a namespace level, e.g. {@code raw}. */
  public String level() {
    return level;
  }

  /** The zone's top-level namespace. */
  public Namespace namespace() {
    return Namespace.of(level);
  }

  /** The comment a zone namespace is created with. */
  public String description() {
    return description;
  }

  /** The zone a namespace level names, if it names one. */
  public static Optional<Zone> of(String level) {
    return Arrays.stream(values()).filter(zone -> zone.level.equals(level)).findFirst();
  }

  /** Whether the namespace is one of the zones themselves (not a namespace inside one). */
  public static boolean isZone(Namespace namespace) {
    return namespace.length() == 1 && of(namespace.level(0)).isPresent();
  }

  /** Whether the namespace is a zone or lies inside the given one. */
  public boolean contains(Namespace namespace) {
    return !namespace.isEmpty() && namespace.level(0).equals(level);
  }
}
