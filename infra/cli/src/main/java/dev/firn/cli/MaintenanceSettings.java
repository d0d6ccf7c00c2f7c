package dev.firn.cli;

import dev.firn.maintenance.compaction.Compaction;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.maintenance.schedule.SchedulerConfig;
import dev.firn.vocabulary.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code firn serve} runs maintenance: whether its scheduler runs, how often it looks for due
 * jobs, how many tables and file groups it works on at once, the zones' default policies, and
 * whether large tables are maintained on Spark.
 *
 * @param enabled whether the scheduler runs
 * @param tickInterval how often it looks for due jobs
 * @param parallelism how many tables it maintains at once
 * @param compactionParallelism how many file groups one compaction rewrites at once
 * @param policyDefaults Firn's and the zones' default policies, as changed by configuration
 * @param spark where large tables are maintained; off unless a Spark master is set
 */
record MaintenanceSettings(
    boolean enabled,
    Duration tickInterval,
    int parallelism,
    int compactionParallelism,
    PolicyDefaults policyDefaults,
    SparkSettings spark) {

  static final String ENABLED = "maintenance.enabled";
  static final String TICK_SECONDS = "maintenance.tick-seconds";
  static final String PARALLELISM = "maintenance.parallelism";
  static final String COMPACTION_PARALLELISM = "maintenance.compaction-parallelism";

  /** A zone's default for a policy key: {@code maintenance.zone.raw.snapshot.max-age}. */
  static final String ZONE_PREFIX = "maintenance.zone.";

  /** Every maintenance setting, zone defaults included. */
  static List<String> keys() {
    List<String> keys =
        new ArrayList<>(List.of(ENABLED, TICK_SECONDS, PARALLELISM, COMPACTION_PARALLELISM));
    keys.addAll(SparkSettings.KEYS);
    for (Zone zone : Zone.values()) {
      for (PolicyKey key : PolicyKey.values()) {
        keys.add(zoneKey(zone.level(), key));
      }
    }
    return keys;
  }

  static String zoneKey(String zone, PolicyKey key) {
    return ZONE_PREFIX + zone + "." + key.property().substring(PolicyKey.PREFIX.length());
  }

  static MaintenanceSettings from(Settings settings) {
    PolicyDefaults defaults = PolicyDefaults.standard();
    for (Zone zone : Zone.values()) {
      for (PolicyKey key : PolicyKey.values()) {
        String value = settings.get(zoneKey(zone.level(), key));
        if (value != null) {
          try {
            defaults = defaults.withZoneValue(zone.level(), key, value);
          } catch (IllegalArgumentException e) {
            throw new UsageException(
                "Invalid " + zoneKey(zone.level(), key) + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return new MaintenanceSettings(
        settings.booleanValue(ENABLED, true),
        Duration.ofSeconds(
            settings.intValue(
                TICK_SECONDS, (int) SchedulerConfig.TICK_INTERVAL_DEFAULT.toSeconds(), 1, 86_400)),
        settings.intValue(PARALLELISM, SchedulerConfig.PARALLELISM_DEFAULT, 1, 64),
        settings.intValue(COMPACTION_PARALLELISM, Compaction.PARALLELISM_DEFAULT, 1, 64),
        defaults,
        SparkSettings.from(settings, SparkSettings.firnCode()));
  }
}
