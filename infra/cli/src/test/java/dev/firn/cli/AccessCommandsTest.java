package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.cli.CommandRuns.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code firn whoami}, {@code principal}, {@code role}, {@code grant}, {@code audit}. */
class AccessCommandsTest {
  @TempDir static Path dir;
  static ServeStack stack;

  @BeforeAll
  static void start() {
    Map<String, String> options = new HashMap<>();
    options.put(ServeConfig.DATA_DIR, dir.toString());
    options.put(ServeConfig.CATALOG_PORT, "0");
    options.put(ServeConfig.MANAGEMENT_PORT, "0");
    options.put(ServeConfig.StorageConfig.EMBEDDED_PORT, "0");
    options.put(MaintenanceSettings.ENABLED, "false");
    stack = ServeStack.start(ServeConfig.from(Settings.load(null, Map.of(), options)));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void anAdminManagesWhoMayDoWhatFromTheCommandLine() {
    String root = CommandRuns.rootCredential(stack);
    Run whoami = as(root, "whoami");
    assertThat(whoami.exit()).as(whoami.err()).isZero();
    assertThat(whoami.out()).startsWith("root (roles: admin)").contains("admin on catalog");

    Run created = as(root, "principal", "create", "etl", "--role", "ingest");
    assertThat(created.exit()).as(created.err()).isZero();
    String etl = created.out().substring(created.out().indexOf("etl:")).trim();
    assertThat(as(etl, "whoami").out())
        .startsWith("etl (roles: ingest)")
        .contains("write on namespace raw (role ingest)");
    assertThat(as(etl, "privileges", "table", "raw.sales.orders").out())
        .isEqualTo("etl on table raw.sales.orders: read, write, create\n");

    Run refused = as(etl, "principal", "list");
    assertThat(refused.exit()).isEqualTo(ExitCode.CATALOG);
    assertThat(refused.err())
        .startsWith("firn: Forbidden: principal etl lacks admin on catalog")
        .containsOnlyOnce("\n");

    assertThat(as(root, "role", "create", "kpi").exit()).isZero();
    assertThat(as(root, "grant", "kpi", "read", "table", "curated.kpi.daily").out())
        .isEqualTo("Granted read on table curated.kpi.daily to role kpi\n");
    assertThat(as(root, "role", "add", "kpi", "etl").exit()).isZero();
    assertThat(as(etl, "privileges", "table", "curated.kpi.daily").out()).endsWith(": read\n");
    assertThat(as(root, "revoke", "kpi", "read", "table", "curated.kpi.daily").exit()).isZero();
    assertThat(as(etl, "privileges", "table", "curated.kpi.daily").out()).endsWith(": none\n");
    Run badPrivilege = as(root, "grant", "kpi", "own", "catalog");
    assertThat(badPrivilege.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(badPrivilege.err()).contains("Unknown privilege: own");

    assertThat(as(root, "principal", "disable", "etl").out()).isEqualTo("Principal etl disabled\n");
    Run disabled = as(etl, "whoami");
    assertThat(disabled.exit()).isEqualTo(ExitCode.CATALOG);
    assertThat(disabled.err()).contains("refused the credential of etl");

    Run audit = as(root, "audit", "--principal", "etl");
    assertThat(audit.exit()).as(audit.err()).isZero();
    assertThat(audit.out()).contains("etl  GET /access/principals  /access/principals  denied 403");
  }

  private static Run as(String credential, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--catalog-uri",
            stack.catalog().uri().toString(),
            "--management-uri",
            "http://127.0.0.1:" + stack.catalog().managementPort(),
            "--credential",
            credential));
    return CommandRuns.firn(Firn.commandLine(), all.toArray(String[]::new));
  }
}
