package dev.firn.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.Test;

class NamespacePropertiesTest {
  private static final String WAREHOUSE = "s3://lake/warehouse";
  private static final Namespace CRM = Namespace.of("cleaned", "crm");

  private final NamespaceProperties properties =
      new NamespaceProperties(
          (key, value) -> {
            if (key.equals("firn.maintenance.enabled") && !value.equals("true")) {
              throw new IllegalArgumentException("rule refused " + key);
            }
          },
          new TableLocations(WAREHOUSE));

  @Test
  void refusesWhatTheStoreCannotHoldOrReserves() {
    assertRefused(Map.of("exists", "true"), "reserved");
    assertRefused(Map.of("", "x"), "empty key");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("owner", null);
    assertRefused(nullValue, "null value");
    assertRefused(Map.of("comment", "x".repeat(1001)), "1001 characters");
    assertThatThrownBy(() -> properties.checkRemoved(Set.of("owner", "exists")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void appliesThePluggedRuleAndTheLocationRule() {
    assertRefused(Map.of("firn.maintenance.enabled", "maybe"), "rule refused");
    assertRefused(Map.of("location", "s3://elsewhere/crm"), "location");
    properties.checkSet(
        CRM, Map.of("comment", "x".repeat(1000), "firn.maintenance.enabled", "true"));
    properties.checkSet(CRM, Map.of("location", WAREHOUSE + "/cleaned/crm"));
    properties.checkRemoved(Set.of("owner"));
  }

  @Test
  void showsTheLocationOfEveryNamespaceButTheRoot() {
    assertThat(properties.shown(CRM, Map.of("owner", "ops")))
        .containsEntry("owner", "ops")
        .containsEntry("location", WAREHOUSE + "/cleaned/crm");
    assertThat(properties.shown(Namespace.empty(), Map.of("owner", "ops")))
        .containsOnlyKeys("owner");
  }

  private void assertRefused(Map<String, String> set, String message) {
    assertThatThrownBy(() -> properties.checkSet(CRM, set))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
