package dev.firn.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops one known start-up warning: {@code S3FileIO} looks for Hadoop's metrics classes, which the
 * catalog does not ship, and falls back to no metrics. Its other warnings (failed deletes among
 * them) still show.
 */
public final class QuietStartupFilter extends TurboFilter {
  private static final String LOGGER = "org.apache.iceberg.aws.s3.S3FileIO";
  private static final String MESSAGE = "Unable to load metrics class";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.WARN
        && format != null
        && format.startsWith(MESSAGE)
        && LOGGER.equals(logger.getName())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
