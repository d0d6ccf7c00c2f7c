package dev.firn.bench.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One figure of a scenario on both sides, and on further sides where a scenario has them (Firn on
 * PostgreSQL for commits, the plain Iceberg loader for ingestion).
 *
 * @param figure what is measured, with its unit
 * @param firn Firn's repetitions
 * @param reference the reference server's repetitions
 * @param others further sides' repetitions by their label, in the order the tables show them
 */
public record FigureRow(
    String figure, Summary firn, Summary reference, Map<String, Summary> others) {
  public FigureRow {
    others = Collections.unmodifiableMap(new LinkedHashMap<>(others));
  }

  public FigureRow(String figure, Summary firn, Summary reference) {
    this(figure, firn, reference, Map.of());
  }

  /** Firn's median over the reference's. */
  public double ratio() {
    return firn.median() / reference.median();
  }

  /** The median of the side labelled {@code other} over the reference's, NaN without it. */
  public double ratio(String other) {
    Summary summary = others.get(other);
    return summary == null ? Double.NaN : summary.median() / reference.median();
  }
}
