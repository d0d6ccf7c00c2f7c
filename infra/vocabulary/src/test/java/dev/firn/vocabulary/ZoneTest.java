package dev.firn.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.Test;

class ZoneTest {
  @Test
  void zonesAreRawCleanedCuratedInTheOrderDataFlows() {
    assertThat(Zone.values()).extracting(Zone::level).containsExactly("raw", "cleaned", "curated");
    assertThat(Zone.CURATED.namespace()).isEqualTo(Namespace.of("curated"));
  }

  @Test
  void findsTheZoneALevelNames() {
    assertThat(Zone.of("cleaned")).contains(Zone.CLEANED);
    assertThat(Zone.of("RAW")).isEmpty();
    assertThat(Zone.of("staging")).isEmpty();
  }

  @Test
  void onlyTopLevelZoneNamespacesAreZones() {
    assertThat(Zone.isZone(Namespace.of("raw"))).isTrue();
    assertThat(Zone.isZone(Namespace.of("raw", "sales"))).isFalse();
    assertThat(Zone.isZone(Namespace.of("staging"))).isFalse();
    assertThat(Zone.isZone(Namespace.empty())).isFalse();
  }

  @Test
  void aZoneContainsItselfAndTheNamespacesUnderIt() {
    assertThat(Zone.RAW.contains(Namespace.of("raw"))).isTrue();
    assertThat(Zone.RAW.contains(Namespace.of("raw", "sales", "eu"))).isTrue();
    assertThat(Zone.RAW.contains(Namespace.of("curated", "raw"))).isFalse();
    assertThat(Zone.RAW.contains(Namespace.empty())).isFalse();
  }
}
