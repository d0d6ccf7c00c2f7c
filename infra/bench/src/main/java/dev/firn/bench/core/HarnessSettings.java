package dev.firn.bench.core;

import java.nio.file.Path;

/** What a harness's settings tell its start-up: the builds its run needs before it starts. */
public interface HarnessSettings {
  /** The Spark engine's module folder, or null for the one in this repository. */
  default Path sparkModule() {
    return null;
  }

  /** Whether the run needs the Spark engine. */
  default boolean runsSpark() {
    return true;
  }

  /** Whether the run needs Iceberg's reference REST server. */
  default boolean runsReference() {
    return false;
  }
}
