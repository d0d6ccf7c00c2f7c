package dev.firn.maintenance.schedule;

import java.util.Arrays;
import java.util.Locale;

/** Why a job ran. */
public enum Trigger {
  /** The policy's schedule fired since the last run. */
  SCHEDULE,
  /** The table changed enough since the last run: small files, commits. */
  CHANGE,
  /** Someone asked for it. */
  MANUAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Trigger of(String label) {
    return Arrays.stream(values())
        .filter(trigger -> trigger.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown trigger: " + label));
  }
}
