package dev.firn.bench;

/**
 * One figure of a scenario on both sides.
 *
 * @param figure what is measured, with its unit
 * @param firn Firn's repetitions
 * @param reference the reference server's repetitions
 */
record FigureRow(String figure, Summary firn, Summary reference) {
  /** Firn's median over the reference's. */
  double ratio() {
    return firn.median() / reference.median();
  }
}
