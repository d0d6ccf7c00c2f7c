package dev.firn.bench.ingest;

import java.util.List;
import java.util.Locale;

/**
 * The loaders of the ingestion benchmark: Firn's writer, Spark's {@code INSERT} (the plan's
 * reference) and a plain single-threaded Iceberg loader.
 */
public enum Loader {
  FIRN,
  SPARK,
  BASELINE;

  String label() {
    return switch (this) {
      case FIRN -> "Firn";
      case SPARK -> "Spark";
      case BASELINE -> "plain Iceberg";
    };
  }

  /** Its name on command lines: firn, spark or baseline. */
  String option() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The loader Firn is compared with among {@code loaders}: Spark when it runs, else the plain
   * loader.
   */
  static Loader reference(List<Loader> loaders) {
    return loaders.contains(SPARK) ? SPARK : BASELINE;
  }

  /** {@code firn,spark} and the like, in any case. */
  static List<Loader> parse(String list) {
    List<Loader> loaders =
        java.util.Arrays.stream(list.split(","))
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .map(
                name -> {
                  for (Loader loader : values()) {
                    if (loader.option().equalsIgnoreCase(name)) {
                      return loader;
                    }
                  }
                  throw new IllegalArgumentException(
                      "Unknown loader: " + name + " (firn, spark or baseline)");
                })
            .distinct()
            .sorted()
            .toList();
    if (!loaders.contains(FIRN) || loaders.size() < 2) {
      throw new IllegalArgumentException(
          "Invalid loaders: " + list + " (firn and at least one of spark, baseline)");
    }
    return loaders;
  }
}
