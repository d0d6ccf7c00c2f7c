package dev.firn.maintenance.policy;

import dev.firn.vocabulary.Zone;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Firn's policy defaults, and each zone's, before any namespace or table property: the one place
 * they are written (the floors are {@link PolicyKey}'s). A deployment changes a zone's defaults in
 * configuration with {@link #withZoneValue}.
 */
public final class PolicyDefaults {
  /**
   * The policy of a table outside every zone: Firn's own defaults, read. A job run without a policy
   * falls back to these.
   */
  public static final EffectivePolicy FIRN =
      new PolicyResolver(standard()).resolve((String) null, List.of());

  /** No policy may let orphan removal touch files younger than this. */
  public static final Duration ORPHAN_MIN_AGE_FLOOR = (Duration) PolicyKey.ORPHAN_MIN_AGE.floor();

  private final Map<PolicyKey, String> firn;
  private final Map<String, Map<PolicyKey, String>> zones;

  private PolicyDefaults(Map<PolicyKey, String> firn, Map<String, Map<PolicyKey, String>> zones) {
    this.firn = firn;
    this.zones = zones;
  }

  /** The defaults: raw keeps little history and small files, curated keeps more and larger. */
  public static PolicyDefaults standard() {
    Map<PolicyKey, String> firn = new EnumMap<>(PolicyKey.class);
    firn.put(PolicyKey.ENABLED, "true");
    firn.put(PolicyKey.COMPACTION_TARGET_FILE_SIZE, "512MB");
    firn.put(PolicyKey.COMPACTION_MIN_SMALL_FILES, "10");
    firn.put(PolicyKey.COMPACTION_COPY_ROW_GROUPS, "true");
    firn.put(PolicyKey.COMPACTION_SCHEDULE, "@hourly");
    firn.put(PolicyKey.SNAPSHOT_MAX_AGE, "5d");
    firn.put(PolicyKey.SNAPSHOT_MIN_KEPT, "5");
    firn.put(PolicyKey.SNAPSHOT_SCHEDULE, "@daily");
    firn.put(PolicyKey.ORPHAN_MIN_AGE, "3d");
    firn.put(PolicyKey.ORPHAN_SCHEDULE, "@daily");
    firn.put(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS, "100");
    Map<String, Map<PolicyKey, String>> zones = new HashMap<>();
    zones.put(
        Zone.RAW.level(),
        zone(
            PolicyKey.COMPACTION_TARGET_FILE_SIZE, "128MB",
            PolicyKey.SNAPSHOT_MAX_AGE, "2d"));
    zones.put(Zone.CLEANED.level(), zone(PolicyKey.COMPACTION_TARGET_FILE_SIZE, "256MB"));
    Map<PolicyKey, String> curated =
        zone(
            PolicyKey.COMPACTION_TARGET_FILE_SIZE, "512MB",
            PolicyKey.COMPACTION_SCHEDULE, "@daily");
    curated.put(PolicyKey.SNAPSHOT_MAX_AGE, "14d");
    curated.put(PolicyKey.SNAPSHOT_MIN_KEPT, "10");
    curated.put(PolicyKey.ORPHAN_MIN_AGE, "7d");
    zones.put(Zone.CURATED.level(), curated);
    return new PolicyDefaults(firn, zones);
  }

  /** These defaults with one zone's value changed, checked as a property would be. */
  public PolicyDefaults withZoneValue(String zone, PolicyKey key, String value) {
    PolicyKey.validate(key.property(), value);
    Map<String, Map<PolicyKey, String>> changed = new HashMap<>();
    zones.forEach((name, values) -> changed.put(name, new EnumMap<>(values)));
    changed.computeIfAbsent(zone, z -> new EnumMap<>(PolicyKey.class)).put(key, value);
    return new PolicyDefaults(firn, changed);
  }

  String firnValue(PolicyKey key) {
    return firn.get(key);
  }

  String zoneValue(String zone, PolicyKey key) {
    return zones.getOrDefault(zone, Map.of()).get(key);
  }

  private static Map<PolicyKey, String> zone(
      PolicyKey a, String aValue, PolicyKey b, String bValue) {
    Map<PolicyKey, String> values = zone(a, aValue);
    values.put(b, bValue);
    return values;
  }

  private static Map<PolicyKey, String> zone(PolicyKey key, String value) {
    Map<PolicyKey, String> values = new EnumMap<>(PolicyKey.class);
    values.put(key, value);
    return values;
  }
}
