package dev.firn.bench.expiry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The two jobs of the expiry and orphan benchmark, as both engines' run commands name them. */
public enum MaintenanceJob {
  EXPIRY,
  ORPHANS;

  /** The job's name on the command line and in result lines: expiry or orphans. */
  @JsonValue
  String option() {
    return name().toLowerCase(Locale.ROOT);
  }

  String title() {
    return this == EXPIRY ? "Snapshot expiry" : "Orphan listing";
  }

  @JsonCreator
  static MaintenanceJob of(String option) {
    for (MaintenanceJob job : values()) {
      if (job.option().equals(option)) {
        return job;
      }
    }
    throw new IllegalArgumentException("Unknown job: " + option + " (expiry or orphans)");
  }
}
