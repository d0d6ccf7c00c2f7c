package dev.firn.bench.core;

/**
 * Points logback at the harness's own {@code logback.xml}. The test-support library on the
 * harness's classpath ships a {@code logback-test.xml}, which logback would otherwise prefer, and
 * which logs at INFO with every retried commit's stack trace.
 */
final class HarnessLogging {
  static final String CONFIGURATION = "logback.xml";
  private static final String PROPERTY = "logback.configurationFile";

  private HarnessLogging() {}

  /**
   * Call first in {@code main}, before anything logs; a configuration given on the command line
   * stays.
   */
  static void useOwnConfiguration() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, CONFIGURATION);
    }
  }
}
