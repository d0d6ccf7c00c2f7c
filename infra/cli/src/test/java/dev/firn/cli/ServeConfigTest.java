package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.vocabulary.SqlDialect;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeConfigTest {
  private static ServeConfig config(Path file, Map<String, String> env, Map<String, String> opts) {
    return ServeConfig.from(Settings.load(file, env, opts));
  }

  @Test
  void defaultsAreStable() {
    ServeConfig config = config(null, Map.of(), Map.of());
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8181);
    assertThat(config.managementPort()).isEqualTo(8190);
    assertThat(config.managementHost()).isEqualTo("127.0.0.1");
    assertThat(config.allowList().hosts()).isEmpty();
    assertThat(config.allowList().origins()).isEmpty();
    assertThat(config.warehouseName()).isEqualTo("firn");
    assertThat(config.rebaseAppends()).isTrue();
    assertThat(config.dataDirectory()).isEqualTo(Path.of(".firn").toAbsolutePath());
    assertThat(config.database().dialect()).isEqualTo(SqlDialect.SQLITE);
    assertThat(config.database().jdbcUrl()).endsWith("/.firn/catalog.db");
    assertThat(config.storage().embedded()).isTrue();
    assertThat(config.storage().warehouse()).isEqualTo("s3://warehouse");
    assertThat(config.storage().embeddedPort()).isEqualTo(8182);
    assertThat(config.storage().shareCredentials()).isTrue();
    assertThat(config.storage().accessKeyId()).isEqualTo("firn");
    // Read from the data folder, or generated there, when the stack starts.
    assertThat(config.storage().secretAccessKey()).isNull();
    assertThat(config.storage().pathStyleAccess()).isTrue();
    assertThat(config.storage().region()).isEqualTo("us-east-1");
  }

  @Test
  void sharesKeysByDefaultOnlyForTheEmbeddedStoreOnALoopbackHost() {
    for (String host : new String[] {"127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]"}) {
      assertThat(config(null, Map.of(), Map.of("catalog.host", host)).storage().shareCredentials())
          .as(host)
          .isTrue();
    }
    for (String host : new String[] {"0.0.0.0", "::", "192.168.1.20", "firn.example.com"}) {
      assertThat(config(null, Map.of(), Map.of("catalog.host", host)).storage().shareCredentials())
          .as(host)
          .isFalse();
    }
    assertThat(
            config(null, Map.of("FIRN_STORAGE_ENDPOINT", "http://127.0.0.1:9000"), Map.of())
                .storage()
                .shareCredentials())
        .isFalse();
  }

  @Test
  void sharesKeysOffLoopbackOnlyWithTheOverride() {
    Map<String, String> shared =
        Map.of("catalog.host", "0.0.0.0", "storage.share-credentials", "true");
    assertThatThrownBy(() -> config(null, Map.of(), shared))
        .hasMessage(
            "Refusing storage.share-credentials=true with catalog.host 0.0.0.0: /v1/config would"
                + " hand the storage keys to anyone who reaches the catalog (bind a loopback"
                + " address, set storage.share-credentials=false, or set"
                + " storage.share-credentials-off-loopback=true if all of them may hold the keys)");
    assertThat(
            config(null, Map.of("FIRN_STORAGE_SHARE_CREDENTIALS_OFF_LOOPBACK", "true"), shared)
                .storage()
                .shareCredentials())
        .isTrue();
  }

  @Test
  void readsTheManagementHostAndTheAllowListsFromTheEnvironment() {
    ServeConfig config =
        config(
            null,
            Map.of(
                "FIRN_CATALOG_HOST", "0.0.0.0",
                "FIRN_CATALOG_MANAGEMENT_HOST", "10.0.0.5",
                "FIRN_CATALOG_ALLOWED_HOSTS", "firn, Firn.Internal",
                "FIRN_CATALOG_ALLOWED_ORIGINS", "http://localhost:3000"),
            Map.of());
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.managementHost()).isEqualTo("10.0.0.5");
    assertThat(config.allowList().hosts()).containsExactly("firn", "firn.internal");
    assertThat(config.allowList().origins()).containsExactly("http://localhost:3000");
    assertThat(config(null, Map.of("FIRN_CATALOG_HOST", "0.0.0.0"), Map.of()).managementHost())
        .as("the management port stays on loopback when the catalog binds everything")
        .isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("catalog.allowed-hosts", "firn:8181")))
        .hasMessageStartingWith("Invalid catalog.allowed-hosts entry: firn:8181");
    assertThatThrownBy(
            () -> config(null, Map.of(), Map.of("catalog.allowed-origins", "localhost:3000")))
        .hasMessageStartingWith("Invalid catalog.allowed-origins entry: localhost:3000");
  }

  @Test
  void turnsOffRebasedAppendsFromTheEnvironment() {
    assertThat(
            config(null, Map.of("FIRN_CATALOG_REBASE_APPENDS", "false"), Map.of()).rebaseAppends())
        .isFalse();
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("catalog.rebase-appends", "maybe")))
        .hasMessageContaining("catalog.rebase-appends");
  }

  @Test
  void readsAFileThenTheEnvironmentThenOptions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("firn.properties");
    Files.writeString(
        file,
        "catalog.port=9001\nstorage.endpoint=http://minio:9000\n"
            + "storage.access-key-id=a\nstorage.secret-access-key=b\n"
            + "database.url=jdbc:postgresql://db/firn\n");
    ServeConfig config =
        config(
            file,
            Map.of(
                "FIRN_CATALOG_PORT",
                "9002",
                "FIRN_STORAGE_CLIENT_ENDPOINT",
                "http://localhost:9000"),
            Map.of("catalog.port", "9003"));
    assertThat(config.port()).isEqualTo(9003);
    assertThat(config.storage().embedded()).isFalse();
    assertThat(config.storage().endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(config.storage().clientEndpoint()).isEqualTo(URI.create("http://localhost:9000"));
    assertThat(config.storage().shareCredentials()).isFalse();
    assertThat(config.database().dialect()).isEqualTo(SqlDialect.POSTGRESQL);
  }

  @Test
  void namesTheEnvironmentVariableOfEachSetting() {
    assertThat(Settings.environmentName("storage.access-key-id"))
        .isEqualTo("FIRN_STORAGE_ACCESS_KEY_ID");
    assertThat(Settings.environmentName("data-dir")).isEqualTo("FIRN_DATA_DIR");
  }

  @Test
  void readsAnExternalOpenIdConnectProvider() {
    ServeConfig config =
        config(
            null,
            Map.of(
                "FIRN_AUTH_OIDC_ISSUER", "https://idp.example.com/realms/lake",
                "FIRN_AUTH_OIDC_ROLES_CLAIM", "realm_access.roles"),
            Map.of());
    assertThat(config.auth().oidc().issuer())
        .isEqualTo(URI.create("https://idp.example.com/realms/lake"));
    assertThat(config.auth().oidc().audience()).isEqualTo("firn");
    assertThat(config.auth().oidc().principalClaim()).isEqualTo("sub");
    assertThat(config.auth().oidc().rolesClaim()).isEqualTo("realm_access.roles");
    assertThat(config.auth().oidc().rolePrefix()).isEqualTo("firn-");
    assertThat(config(null, Map.of(), Map.of()).auth().oidc()).isNull();
  }

  @Test
  void refusesAnOpenIdConnectProviderThatCannotBeTrusted() {
    assertThatThrownBy(
            () -> config(null, Map.of(), Map.of("auth.oidc.issuer", "http://idp.example.com/r")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("https is required");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("auth.oidc.issuer", "idp.example.com")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Invalid OpenID Connect issuer");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("auth.oidc.audience", "firn")))
        .isInstanceOf(UsageException.class)
        .hasMessage("auth.oidc.audience is set but auth.oidc.issuer is not: set both");
    assertThatThrownBy(
            () ->
                config(
                    null,
                    Map.of(),
                    Map.of("auth.enabled", "false", "auth.oidc.issuer", "https://idp.example.com")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("auth.enabled is false");
    // On loopback, a provider for development may use http.
    assertThat(
            config(null, Map.of(), Map.of("auth.oidc.issuer", "http://127.0.0.1:8080/realms/dev"))
                .auth()
                .oidc())
        .isNotNull();
  }

  @Test
  void rejectsBadSettingsWithTheKeyAndTheRule() {
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("catalog.port", "http")))
        .hasMessage("Invalid catalog.port: http (must be a whole number from 0 to 65535)");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("storage.warehouse", "/tmp/x")))
        .hasMessageContaining("Invalid storage.warehouse: /tmp/x");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("storage.endpoint", "minio:9000")))
        .hasMessageContaining("Invalid storage.endpoint: minio:9000");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("catalog.prot", "1")))
        .hasMessageStartingWith("Unknown setting: catalog.prot");
    assertThatThrownBy(
            () ->
                config(
                    null,
                    Map.of(),
                    Map.of("storage.type", "s3", "storage.access-key-id", "only-the-id")))
        .hasMessageContaining("set both");
  }

  @Test
  void zoneDefaultsChangeInConfigurationButNotBelowAFloor() {
    MaintenanceSettings settings =
        ServeConfig.from(
                Settings.load(
                    null,
                    Map.of("FIRN_MAINTENANCE_ZONE_CURATED_SNAPSHOT_MIN_KEPT", "20"),
                    Map.of(MaintenanceSettings.TICK_SECONDS, "5")))
            .maintenance();
    assertThat(settings.tickInterval()).hasSeconds(5);
    assertThat(
            new dev.firn.maintenance.policy.PolicyResolver(settings.policyDefaults())
                .resolve("curated", java.util.List.of())
                .snapshotMinKept())
        .isEqualTo(20);
    assertThatThrownBy(
            () ->
                ServeConfig.from(
                    Settings.load(
                        null, Map.of(), Map.of("maintenance.zone.raw.orphan.min-age", "1h"))))
        .hasMessageContaining("maintenance.zone.raw.orphan.min-age")
        .hasMessageContaining("must be at least 24h");
  }

  @Test
  void documentsEveryCommandAndSetting() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CommandLine firn = Firn.commandLine();
    firn.setOut(new PrintWriter(out, true));
    assertThat(firn.execute("serve", "--help")).isZero();
    String help = out.toString();
    for (String key : ServeConfig.KEYS) {
      if (!key.startsWith(MaintenanceSettings.ZONE_PREFIX)) {
        assertThat(help).as(key).contains(key);
      }
    }
    assertThat(help).contains("maintenance.zone.<zone>.<key>");
    assertThat(help).contains("--config", "--port", "--storage-endpoint", "--database-url");
  }

  @Test
  void explainsBadSettingsWithoutAStackTrace() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine firn = Firn.commandLine();
    firn.setErr(new PrintWriter(err, true));
    assertThat(firn.execute("serve", "--port", "seventy")).isEqualTo(2);
    assertThat(err.toString())
        .contains("firn: Invalid catalog.port: seventy")
        .doesNotContain("\tat ");
  }
}
