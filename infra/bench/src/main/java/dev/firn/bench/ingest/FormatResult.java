package dev.firn.bench.ingest;

import dev.firn.bench.core.Summary;
import java.util.List;
import java.util.Map;

/**
 * The loads of one input format.
 *
 * @param input the measured input files
 * @param warmUps the warm-up loads (one per loader, on a small slice), not in the figures
 * @param measured each loader's measured loads, in order
 */
public record FormatResult(
    InputSet input, List<LoadMeasurement> warmUps, Map<Loader, List<LoadMeasurement>> measured) {

  /** A figure over one loader's successful loads. */
  Summary summary(Loader loader, java.util.function.ToDoubleFunction<LoadMeasurement> figure) {
    return Summary.of(
        measured.get(loader).stream()
            .filter(LoadMeasurement::succeeded)
            .map(load -> figure.applyAsDouble(load))
            .toList());
  }

  long failures(Loader loader) {
    return measured.get(loader).stream().filter(load -> !load.succeeded()).count();
  }
}
