package dev.firn.maintenance.schedule;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * How the maintenance scheduler runs.
 *
 * @param catalogName the catalog (warehouse) whose tables it maintains; leases and run history are
 *     kept per catalog, since several may share a database
 * @param node this node's id, the owner of the leases it takes
 * @param tickInterval how often it looks for due work
 * @param parallelism how many tables it maintains at once
 * @param leaseDuration how long a table's lease lasts unless renewed; another node may take over a
 *     table this long after its holder stopped
 * @param heartbeatInterval how often a running job's lease is renewed
 * @param retryDelay how long after a first failure a job is retried; each further failure doubles
 *     it
 * @param retryDelayMax the longest wait between retries
 * @param maxAttempts how many times in a row a job is tried before it waits for its schedule or a
 *     change again
 */
public record SchedulerConfig(
    String catalogName,
    String node,
    Duration tickInterval,
    int parallelism,
    Duration leaseDuration,
    Duration heartbeatInterval,
    Duration retryDelay,
    Duration retryDelayMax,
    int maxAttempts) {

  public static final Duration TICK_INTERVAL_DEFAULT = Duration.ofSeconds(60);
  public static final int PARALLELISM_DEFAULT = 2;
  public static final Duration LEASE_DURATION_DEFAULT = Duration.ofSeconds(30);
  public static final Duration HEARTBEAT_INTERVAL_DEFAULT = Duration.ofSeconds(10);
  public static final Duration RETRY_DELAY_DEFAULT = Duration.ofMinutes(5);
  public static final Duration RETRY_DELAY_MAX_DEFAULT = Duration.ofHours(6);
  public static final int MAX_ATTEMPTS_DEFAULT = 5;

  public SchedulerConfig {
    check(catalogName != null && !catalogName.isBlank(), "catalog name", catalogName, "not blank");
    check(node != null && !node.isBlank(), "node id", node, "not blank");
    check(positive(tickInterval), "tick interval", tickInterval, "positive");
    check(parallelism >= 1, "parallelism", parallelism, ">= 1");
    check(positive(leaseDuration), "lease duration", leaseDuration, "positive");
    check(
        positive(heartbeatInterval)
            && heartbeatInterval.multipliedBy(2).compareTo(leaseDuration) <= 0,
        "heartbeat interval",
        heartbeatInterval,
        "positive and at most half the lease duration " + leaseDuration);
    check(positive(retryDelay), "retry delay", retryDelay, "positive");
    check(
        retryDelayMax != null && retryDelayMax.compareTo(retryDelay) >= 0,
        "retry delay max",
        retryDelayMax,
        ">= the retry delay " + retryDelay);
    check(maxAttempts >= 1, "max attempts", maxAttempts, ">= 1");
  }

  /** The defaults for a catalog, with a node id made of the host name and a random suffix. */
  public static SchedulerConfig defaults(String catalogName) {
    return builder(catalogName).build();
  }

  public static Builder builder(String catalogName) {
    return new Builder(catalogName);
  }

  /**
   * How long to wait after a run that failed on this attempt: the retry delay doubled for each
   * earlier attempt, at most the maximum.
   */
  public Duration retryDelay(int attempt) {
    Duration delay = retryDelay;
    for (int i = 1; i < attempt && delay.compareTo(retryDelayMax) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(retryDelayMax) > 0 ? retryDelayMax : delay;
  }

  private static boolean positive(Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  private static void check(boolean valid, String name, Object value, String rule) {
    if (!valid) {
      throw new IllegalArgumentException(
          "Invalid scheduler " + name + ": " + value + " (must be " + rule + ")");
    }
  }

  static String defaultNode() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "firn";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Builds a configuration from the defaults. */
  public static final class Builder {
    private final String catalogName;
    private String node;
    private Duration tickInterval = TICK_INTERVAL_DEFAULT;
    private int parallelism = PARALLELISM_DEFAULT;
    private Duration leaseDuration = LEASE_DURATION_DEFAULT;
    private Duration heartbeatInterval = HEARTBEAT_INTERVAL_DEFAULT;
    private Duration retryDelay = RETRY_DELAY_DEFAULT;
    private Duration retryDelayMax = RETRY_DELAY_MAX_DEFAULT;
    private int maxAttempts = MAX_ATTEMPTS_DEFAULT;

    private Builder(String catalogName) {
      this.catalogName = catalogName;
    }

    public Builder node(String id) {
      this.node = id;
      return this;
    }

    public Builder tickInterval(Duration interval) {
      this.tickInterval = interval;
      return this;
    }

    public Builder parallelism(int tables) {
      this.parallelism = tables;
      return this;
    }

    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = duration;
      return this;
    }

    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    public Builder retryDelay(Duration first, Duration max) {
      this.retryDelay = first;
      this.retryDelayMax = max;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public SchedulerConfig build() {
      return new SchedulerConfig(
          catalogName,
          node == null ? defaultNode() : node,
          tickInterval,
          parallelism,
          leaseDuration,
          heartbeatInterval,
          retryDelay,
          retryDelayMax,
          maxAttempts);
    }
  }
}
