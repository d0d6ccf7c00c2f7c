package dev.firn.maintenance.schedule;

import java.util.Arrays;
import java.util.Locale;

/** Where a recorded run stands. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RunStatus of(String label) {
    return Arrays.stream(values())
        .filter(status -> status.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown run status: " + label));
  }
}
