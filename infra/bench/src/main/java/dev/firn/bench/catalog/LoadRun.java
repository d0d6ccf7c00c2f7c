package dev.firn.bench.catalog;

/**
 * One measured repetition of a {@link LoadScenario}.
 *
 * @param requests the requests sent
 * @param notModified the requests answered 304
 * @param errors the requests that failed or were answered with anything but 200 or 304
 * @param elapsedNanos the repetition's wall-clock time
 * @param latencies the latencies of the answered requests
 * @param responseBytes the size of a full (200) response
 */
record LoadRun(
    long requests,
    long notModified,
    long errors,
    long elapsedNanos,
    Latencies latencies,
    int responseBytes) {

  /** Answered requests (200 and 304) per second. */
  double requestsPerSecond() {
    return (requests - errors) / (elapsedNanos / 1e9);
  }
}
