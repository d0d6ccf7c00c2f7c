package dev.firn.bench.expiry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The two jobs of the expiry and orphan benchmark, as both engines' run commands name them. */
public enum MaintenanceJob {
  EXPIRY("expiry", "Snapshot expiry"),
  ORPHANS("orphans", "Orphan listing");

  private final String option;
  private final String title;

  MaintenanceJob(String option, String title) {
    this.option = option;
    this.title = title;
  }

  /** The job's name on the command line and in result lines. */
  @JsonValue
  String option() {
    return option;
  }

  String title() {
    return title;
  }

  @JsonCreator
  static MaintenanceJob of(String option) {
    for (MaintenanceJob job : values()) {
      if (job.option.equals(option)) {
        return job;
      }
    }
    throw new IllegalArgumentException("Unknown job: " + option + " (expiry or orphans)");
  }
}
