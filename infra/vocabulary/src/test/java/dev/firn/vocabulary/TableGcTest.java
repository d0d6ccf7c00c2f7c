package dev.firn.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.TableProperties;
import org.junit.jupiter.api.Test;

class TableGcTest {
  @Test
  void aTableWithoutTheSettingPermitsDeletes() {
    assertThat(TableGc.enabled(Map.of())).isTrue();
  }

  @Test
  void onlyFalseForbidsDeletes() {
    assertThat(TableGc.enabled(Map.of(TableProperties.GC_ENABLED, "false"))).isFalse();
    assertThat(TableGc.enabled(Map.of(TableProperties.GC_ENABLED, "FALSE"))).isFalse();
    assertThat(TableGc.enabled(Map.of(TableProperties.GC_ENABLED, "true"))).isTrue();
  }

  @Test
  void theMessageNamesTheProperty() {
    assertThat(TableGc.DISABLED).contains("gc.enabled=false");
  }
}
