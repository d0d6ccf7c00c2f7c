package dev.firn.maintenance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.maintenance.compaction.Compaction;
import dev.firn.maintenance.orphans.OrphanSweep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.TableProperties;
import org.junit.jupiter.api.Test;

class PolicyResolverTest {
  private final PolicyResolver resolver = new PolicyResolver(PolicyDefaults.standard());

  @Test
  void defaultsAreStable() {
    EffectivePolicy none = resolver.resolve(null, List.of());
    assertThat(none.targetFileSize()).isEqualTo(512L << 20);
    assertThat(none.snapshotMaxAge()).isEqualTo(Duration.ofDays(5));
    assertThat(none.snapshotMinKept()).isEqualTo(5);
    assertThat(none.orphanMinAge()).isEqualTo(Duration.ofDays(3));
    assertThat(none.maxSmallManifests()).isEqualTo(100);
    assertThat(none.enabled()).isTrue();

    EffectivePolicy raw = resolver.resolve("raw", List.of());
    assertThat(raw.targetFileSize()).isEqualTo(128L << 20);
    assertThat(raw.snapshotMaxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(raw.minSmallFiles()).isEqualTo(10);
    EffectivePolicy cleaned = resolver.resolve("cleaned", List.of());
    assertThat(cleaned.targetFileSize()).isEqualTo(256L << 20);
    EffectivePolicy curated = resolver.resolve("curated", List.of());
    assertThat(curated.snapshotMaxAge()).isEqualTo(Duration.ofDays(14));
    assertThat(curated.snapshotMinKept()).isEqualTo(10);
    assertThat(curated.orphanMinAge()).isEqualTo(Duration.ofDays(7));
    assertThat(curated.compactionSchedule()).isEqualTo("@daily");
  }

  @Test
  void jobsRunWithoutAPolicyFallBackToFirnsDefaultsAndFloors() {
    assertThat(PolicyDefaults.FIRN.minSmallFiles()).isEqualTo(10);
    assertThat(Compaction.MIN_INPUT_FILES_DEFAULT).isEqualTo(10);
    assertThat(OrphanSweep.MIN_AGE_DEFAULT).isEqualTo(Duration.ofDays(3));
    assertThat(OrphanSweep.MIN_AGE_FLOOR)
        .isEqualTo(PolicyDefaults.ORPHAN_MIN_AGE_FLOOR)
        .isEqualTo(Duration.ofHours(24));
  }

  @Test
  void deeperLayersWinAndEachValueSaysWhereItCameFrom() {
    EffectivePolicy policy =
        resolver.resolve(
            "curated",
            List.of(
                layer("namespace curated", PolicyKey.SNAPSHOT_MAX_AGE, "30d"),
                layer("namespace curated.sales", PolicyKey.ORPHAN_MIN_AGE, "10d"),
                layer("namespace curated.sales.eu", PolicyKey.SNAPSHOT_MIN_KEPT, "20"),
                layer("table curated.sales.eu.orders", PolicyKey.SNAPSHOT_MAX_AGE, "36h")));

    assertThat(policy.snapshotMaxAge()).isEqualTo(Duration.ofHours(36));
    assertThat(policy.setting(PolicyKey.SNAPSHOT_MAX_AGE).source())
        .isEqualTo("table curated.sales.eu.orders");
    assertThat(policy.setting(PolicyKey.ORPHAN_MIN_AGE).source())
        .isEqualTo("namespace curated.sales");
    assertThat(policy.setting(PolicyKey.SNAPSHOT_MIN_KEPT).text()).isEqualTo("20");
    assertThat(policy.setting(PolicyKey.COMPACTION_TARGET_FILE_SIZE).source())
        .isEqualTo("zone default for curated");
    assertThat(policy.setting(PolicyKey.MANIFEST_MAX_SMALL_MANIFESTS).source())
        .isEqualTo("Firn default");
    assertThat(policy.describe())
        .contains("firn.maintenance.snapshot.max-age")
        .contains("36h")
        .contains("table curated.sales.eu.orders");
  }

  @Test
  void valuesBelowAFloorAreRaisedAndUnreadableOnesPassedOver() {
    EffectivePolicy policy =
        resolver.resolve(
            "raw",
            List.of(
                new PolicyResolver.Layer(
                    "table raw.t",
                    Map.of(
                        PolicyKey.ORPHAN_MIN_AGE.property(), "1h",
                        PolicyKey.SNAPSHOT_MIN_KEPT.property(), "0",
                        PolicyKey.SNAPSHOT_MAX_AGE.property(), "soon"))));

    assertThat(policy.orphanMinAge()).isEqualTo(Duration.ofHours(24));
    assertThat(policy.setting(PolicyKey.ORPHAN_MIN_AGE).source())
        .isEqualTo("table raw.t, raised to the floor 24h");
    assertThat(policy.snapshotMinKept()).isEqualTo(1);
    assertThat(policy.snapshotMaxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(policy.warnings())
        .containsExactly(
            "Invalid firn.maintenance.snapshot.max-age: soon (must be a duration), set on table"
                + " raw.t; passed over");
  }

  @Test
  void zoneDefaultsChangeInConfiguration() {
    PolicyDefaults changed =
        PolicyDefaults.standard().withZoneValue("raw", PolicyKey.SNAPSHOT_MAX_AGE, "1d");
    assertThat(new PolicyResolver(changed).resolve("raw", List.of()).snapshotMaxAge())
        .isEqualTo(Duration.ofDays(1));
    assertThat(resolver.resolve("raw", List.of()).snapshotMaxAge()).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(
            () -> PolicyDefaults.standard().withZoneValue("raw", PolicyKey.ORPHAN_MIN_AGE, "2h"))
        .hasMessage("Invalid firn.maintenance.orphan.min-age: 2h (must be at least 24h)");
  }

  @Test
  void validationNamesThePropertyTheValueAndTheRule() {
    PolicyKey.validate(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    PolicyKey.validate("firn.maintenance.orphan.min-age", "P2D");
    PolicyKey.validate("firn.maintenance.compaction.schedule", "*/15 * * * *");
    PolicyKey.validate("firn.maintenance.compaction.target-file-size", "64MB");
    assertThatThrownBy(() -> PolicyKey.validate("firn.maintenance.orphan.min-age", "23h"))
        .hasMessage("Invalid firn.maintenance.orphan.min-age: 23h (must be at least 24h)");
    assertThatThrownBy(() -> PolicyKey.validate("firn.maintenance.snapshot.min-kept", "0"))
        .hasMessage("Invalid firn.maintenance.snapshot.min-kept: 0 (must be at least 1)");
    assertThatThrownBy(() -> PolicyKey.validate("firn.maintenance.snapshot.min-kept", "many"))
        .hasMessage("Invalid firn.maintenance.snapshot.min-kept: many (must be a whole number)");
    assertThatThrownBy(() -> PolicyKey.validate("firn.maintenance.compaction.schedule", "often"))
        .hasMessage(
            "Invalid firn.maintenance.compaction.schedule: often"
                + " (must be @hourly, @daily, @weekly or five cron fields in range)");
    assertThatThrownBy(() -> PolicyKey.validate("firn.maintenance.orphan.schedule", "99 * * * *"))
        .hasMessageStartingWith("Invalid firn.maintenance.orphan.schedule: 99 * * * *");
    assertThatThrownBy(() -> PolicyKey.validate("firn.maintenance.orphans.min-age", "3d"))
        .hasMessageStartingWith(
            "Unknown policy property: firn.maintenance.orphans.min-age (known:");
  }

  private static PolicyResolver.Layer layer(String source, PolicyKey key, String value) {
    return new PolicyResolver.Layer(source, Map.of(key.property(), value));
  }
}
