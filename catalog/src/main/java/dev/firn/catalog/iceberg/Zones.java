package dev.firn.catalog.iceberg;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;

/**
 * The three zones of a Firn lakehouse. Each is a top-level namespace that Firn creates at start-up;
 * a table's zone is the first level of its namespace ({@code raw.sales.orders} is in {@code raw}).
 */
public final class Zones {
  public static final Namespace RAW = Namespace.of("raw");
  public static final Namespace CLEANED = Namespace.of("cleaned");
  public static final Namespace CURATED = Namespace.of("curated");

  /** The zones in the order data flows through them. */
  public static final List<Namespace> ALL = List.of(RAW, CLEANED, CURATED);

  private static final Map<Namespace, String> DESCRIPTIONS =
      Map.of(
          RAW, "Firn zone: data as it landed",
          CLEANED, "Firn zone: validated, typed, deduplicated data",
          CURATED, "Firn zone: data modelled for consumers");

  private Zones() {}

  public static boolean isZone(Namespace namespace) {
    return ALL.contains(namespace);
  }

  /** The properties a zone namespace is created with. */
  static Map<String, String> initialProperties(Namespace zone) {
    return Map.of("comment", DESCRIPTIONS.get(zone));
  }
}
