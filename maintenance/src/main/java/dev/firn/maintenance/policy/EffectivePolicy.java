package dev.firn.maintenance.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The maintenance policy a table runs under: Firn's defaults, overridden by its zone, each deeper
 * namespace and the table, clamped to the floors. Every value says where it came from.
 */
public final class EffectivePolicy {
  private final Map<PolicyKey, PolicySetting> settings;
  private final List<String> warnings;

  EffectivePolicy(Map<PolicyKey, PolicySetting> settings, List<String> warnings) {
    this.settings = Map.copyOf(settings);
    this.warnings = List.copyOf(warnings);
  }

  public PolicySetting setting(PolicyKey key) {
    return settings.get(key);
  }

  /** Every setting, in the order of {@link PolicyKey}. */
  public List<PolicySetting> settings() {
    return List.of(PolicyKey.values()).stream().map(settings::get).toList();
  }

  /** Values set out of band that could not be read, and so were passed over. */
  public List<String> warnings() {
    return warnings;
  }

  public boolean enabled() {
    return (Boolean) value(PolicyKey.ENABLED);
  }

  public long targetFileSize() {
    return (Long) value(PolicyKey.COMPACTION_TARGET_FILE_SIZE);
  }

  public int minSmallFiles() {
    return (Integer) value(PolicyKey.COMPACTION_MIN_SMALL_FILES);
  }

  /** Whether compaction may copy Parquet row groups of files that need nothing applied. */
  public boolean copyRowGroups() {
    return (Boolean) value(PolicyKey.COMPACTION_COPY_ROW_GROUPS);
  }

  public String compactionSchedule() {
    return (String) value(PolicyKey.COMPACTION_SCHEDULE);
  }

  public Duration snapshotMaxAge() {
    return (Duration) value(PolicyKey.SNAPSHOT_MAX_AGE);
  }

  public int snapshotMinKept() {
    return (Integer) value(PolicyKey.SNAPSHOT_MIN_KEPT);
  }

  public String snapshotSchedule() {
    return (String) value(PolicyKey.SNAPSHOT_SCHEDULE);
  }

  public Duration orphanMinAge() {
    return (Duration) value(PolicyKey.ORPHAN_MIN_AGE);
  }

  public String orphanSchedule() {
    return (String) value(PolicyKey.ORPHAN_SCHEDULE);
  }

  public int maxSmallManifests() {
    return (Integer) value(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS);
  }

  /** One line per setting: property, value, source. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (PolicySetting setting : settings()) {
      text.append(
          String.format(
              "%-46s %-10s %s%n", setting.key().property(), setting.text(), setting.source()));
    }
    warnings.forEach(warning -> text.append("warning: ").append(warning).append('\n'));
    return text.toString();
  }

  private Object value(PolicyKey key) {
    return settings.get(key).value();
  }
}
