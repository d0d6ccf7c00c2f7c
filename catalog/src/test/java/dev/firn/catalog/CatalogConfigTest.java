package dev.firn.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.catalog.access.AuthConfig;
import dev.firn.catalog.rest.AllowList;
import dev.firn.catalog.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {
  private static CatalogConfig.Builder builder() {
    return CatalogConfig.builder(
        "s3://warehouse", DatabaseConfig.sqlite(Path.of("catalog.db")), Map.of(), Map.of());
  }

  @Test
  void defaultsAreStable() {
    CatalogConfig config = builder().build();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8181);
    assertThat(config.managementHost()).isEqualTo("127.0.0.1");
    assertThat(config.managementPort()).isEqualTo(8190);
    assertThat(config.maxRequestBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.managementMaxRequestBytes()).isEqualTo(1024L * 1024);
    assertThat(config.allowList().hosts()).isEmpty();
    assertThat(config.allowList().origins()).isEmpty();
    assertThat(config.idempotencyKeyLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.rebaseAppends()).isTrue();
    assertThat(config.auth().enabled()).isTrue();
    assertThat(config.auth().tokenLifetime()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void authenticationIsOffOnlyWhenEveryPortBindsLoopback() {
    assertThat(builder().auth(AuthConfig.OFF).host("localhost").build().auth().enabled()).isFalse();
    assertThatThrownBy(() -> builder().auth(AuthConfig.OFF).host("0.0.0.0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0 is not one");
    assertThatThrownBy(() -> builder().auth(AuthConfig.OFF).managementHost("10.0.0.5").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.0.0.5 is not one");
    // A management port that is off binds nothing.
    assertThat(
            builder()
                .auth(AuthConfig.OFF)
                .managementPort(-1)
                .managementHost("10.0.0.5")
                .build()
                .auth()
                .enabled())
        .isFalse();
    assertThatThrownBy(() -> new AuthConfig(true, Duration.ofSeconds(5)))
        .hasMessageContaining("Invalid token lifetime: PT5S");
  }

  @Test
  void theManagementHostDoesNotFollowTheCatalogHost() {
    CatalogConfig config = builder().host("0.0.0.0").build();
    assertThat(config.managementHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void rejectsATinyManagementBodyLimit() {
    assertThatThrownBy(() -> builder().managementMaxRequestBytes(10).build())
        .hasMessage("Invalid management-max-request-bytes: 10 (must be >= 1024)");
    assertThatThrownBy(() -> builder().allowList(null).build())
        .isInstanceOf(NullPointerException.class);
    assertThat(builder().allowList(AllowList.LOOPBACK).build().allowList())
        .isEqualTo(AllowList.LOOPBACK);
  }
}
