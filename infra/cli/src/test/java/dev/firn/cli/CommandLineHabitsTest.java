package dev.firn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.cli.CommandRuns.Run;
import dev.firn.testing.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line a data engineer expects: namespaces, tables and branches as commands, the
 * catalog found from firn serve's own settings, one exit code per kind of failure, and one line,
 * never a stack trace, for a mistake the user can fix.
 */
class CommandLineHabitsTest extends EmbeddedStackTest {
  static String uri;

  @BeforeAll
  static void rememberUri() {
    uri = stack.catalog().uri().toString();
  }

  @Test
  void namespacesTablesAndBranchesHaveCommands() throws Exception {
    Path orders = Files.write(dir.resolve("orders.ndjson"), List.of("{\"id\": 1}", "{\"id\": 2}"));

    Run created = firn("namespace", "create", "raw.shop.eu", "--property", "owner=shop-team");
    assertThat(created.out())
        .isEqualTo("Created namespace raw.shop\nCreated namespace raw.shop.eu\n");
    assertThat(firn("namespace", "create", "raw.shop").out())
        .isEqualTo("Namespace raw.shop exists already.\n");
    assertThat(
            firn("ingest", "raw.shop.eu.orders", orders.toString(), "--create", "--no-progress")
                .exit())
        .isZero();
    assertThat(
            firn(
                    "ingest",
                    "raw.shop.eu.orders",
                    orders.toString(),
                    "--branch",
                    "audit",
                    "--batch-id",
                    "b2",
                    "--no-progress")
                .exit())
        .isZero();

    String listed = firn("namespace", "list", "raw").out();
    assertThat(listed)
        .contains("raw.shop  " + stack.catalog().config().warehouseLocation() + "/raw/shop\n")
        .contains("raw.shop.eu  ");
    assertThat(firn("table", "list", "raw.shop.eu").out()).isEqualTo("raw.shop.eu.orders\n");
    assertThat(firn("table", "describe", "raw.shop.eu.orders").out())
        .contains("    id  long")
        .contains("2 rows in 1 data files")
        .contains("branch     audit -> ")
        .contains("branch     main -> ");
    assertThat(firn("branch", "list", "raw.shop.eu.orders").out()).contains("audit  snapshot ");
    assertThat(firn("branch", "drop", "raw.shop.eu.orders", "audit").out())
        .isEqualTo("Dropped branch audit of raw.shop.eu.orders\n");
    Run notEmpty = firn("namespace", "drop", "raw.shop.eu");
    assertThat(notEmpty.exit()).isEqualTo(ExitCode.CATALOG);
    assertThat(notEmpty.err()).startsWith("firn: ").doesNotContain("\tat ");
    assertThat(firn("table", "drop", "raw.shop.eu.orders", "--purge").exit()).isZero();
    assertThat(firn("namespace", "drop", "raw.shop.eu").exit()).isZero();
    assertThat(firn("table", "describe", "raw.shop.eu.orders").exit()).isEqualTo(ExitCode.CATALOG);
  }

  @Test
  void theCatalogIsFoundFromFirnServesOwnSettings() throws Exception {
    int port = stack.catalog().port();
    Path settings = dir.resolve("firn.properties");
    // The data folder's root credential signs the command in, as on the machine firn serve runs.
    Files.writeString(
        settings,
        "catalog.host=0.0.0.0\ncatalog.port="
            + port
            + "\ndata-dir="
            + stack.config().dataDirectory().toString().replace("\\", "/")
            + "\n");

    Run viaFile =
        CommandRuns.firn(Firn.commandLine(), "namespace", "list", "--config", settings.toString());

    assertThat(viaFile.exit()).as(viaFile.err()).isZero();
    assertThat(viaFile.out()).contains("raw  ").contains("curated  ");

    CatalogOptions options = new CatalogOptions();
    assertThat(options.uri(Map.of("FIRN_CATALOG_PORT", "9999"))).isEqualTo("http://127.0.0.1:9999");
    assertThat(options.uri(Map.of("FIRN_CATALOG_URI", "http://c:1", "FIRN_CATALOG_PORT", "9999")))
        .isEqualTo("http://c:1");
    assertThat(options.uri(Map.of())).isEqualTo(CatalogOptions.DEFAULT_URI);
    assertThat(options.warehouse(Map.of("FIRN_CATALOG_WAREHOUSE_NAME", "lake"))).isEqualTo("lake");
  }

  @Test
  void eachExitCodeMeansOneThing() throws Exception {
    Path good = Files.write(dir.resolve("good.ndjson"), List.of("{\"id\": 1}"));
    Path bad = Files.write(dir.resolve("bad.ndjson"), List.of("{\"id\": 1}", "{\"id\": "));
    Path wide = Files.write(dir.resolve("wide.ndjson"), List.of("{\"id\": 1, \"extra\": \"x\"}"));

    assertThat(firn("ingest", "raw.codes", good.toString(), "--create", "--no-progress").exit())
        .isEqualTo(ExitCode.OK);
    assertThat(firn("ingest", "raw.codes", good.toString(), "--creat").exit())
        .isEqualTo(ExitCode.USAGE);
    assertThat(firn("ingest", "raw.codes", bad.toString(), "--no-progress").exit())
        .isEqualTo(ExitCode.REJECTED_INPUT);
    assertThat(
            firn("ingest", "raw.codes", wide.toString(), "--schema-mode", "strict", "--no-progress")
                .exit())
        .isEqualTo(ExitCode.REJECTED_INPUT);
    assertThat(firn("ingest", "raw.nothing_here", good.toString(), "--no-progress").exit())
        .isEqualTo(ExitCode.CATALOG);
    assertThat(
            CommandRuns.firn(
                    Firn.commandLine(),
                    "table",
                    "list",
                    "raw",
                    "--catalog-uri",
                    "http://127.0.0.1:1")
                .exit())
        .isEqualTo(ExitCode.CATALOG);
    assertThat(ExitCode.of(new CommitStateUnknownException(new RuntimeException("lost"))))
        .isEqualTo(ExitCode.OUTCOME_UNKNOWN);

    CommandLine withABug = Firn.commandLine();
    withABug.addSubcommand("bug", new Bug());
    Run internal = CommandRuns.firn(withABug, "bug");
    assertThat(internal.exit()).isEqualTo(ExitCode.INTERNAL);
    assertThat(internal.err()).contains("\tat ");

    assertThat(firn("--help").out()).contains("Exit codes:").contains("5   Outcome unknown");
    assertThat(firn("ingest", "--help").out()).contains("Exit codes:");
  }

  @Test
  void aUsersMistakeIsOneLineNamingTheFix() throws Exception {
    Path good = Files.write(dir.resolve("one.ndjson"), List.of("{\"id\": 1}"));
    String s3 = stack.embeddedStorage().orElseThrow().endpoint().toString();
    Map<String, List<String>> mistakes =
        Map.of(
            "Cannot reach the catalog at http://127.0.0.1:1",
            List.of("table", "list", "raw", "--catalog-uri", "http://127.0.0.1:1"),
            "does not answer like an Iceberg REST catalog",
            List.of("table", "list", "raw", "--catalog-uri", s3),
            "leave out /v1, the client adds it (--catalog-uri " + uri + ")",
            List.of("table", "list", "raw", "--catalog-uri", uri + "/v1"),
            "has no warehouse nowhere",
            List.of("table", "list", "raw", "--catalog-uri", uri, "--warehouse", "nowhere"),
            "Table does not exist: raw.missing",
            List.of("table", "describe", "raw.missing", "--catalog-uri", uri),
            "is inside the Iceberg table at",
            List.of(
                "ingest",
                "raw.copy",
                stack.catalog().config().warehouseLocation() + "/",
                "--create",
                "--catalog-uri",
                uri));
    firn("ingest", "raw.source", good.toString(), "--create", "--no-progress");
    for (Map.Entry<String, List<String>> mistake : mistakes.entrySet()) {
      List<String> args = new java.util.ArrayList<>(mistake.getValue());
      args.addAll(List.of("--credential", CommandRuns.rootCredential(stack)));
      Run run = CommandRuns.firn(Firn.commandLine(), args.toArray(String[]::new));
      assertThat(run.exit()).as(mistake.getKey()).isNotZero().isNotEqualTo(ExitCode.INTERNAL);
      assertThat(run.err())
          .as(mistake.getKey())
          .startsWith("firn: ")
          .contains(mistake.getKey())
          .doesNotContain("\tat ")
          .containsOnlyOnce("\n");
    }
  }

  @Test
  void jsonGivesOrchestratorsOneObject() throws Exception {
    Path rows = Files.write(dir.resolve("json.ndjson"), List.of("{\"id\": 1}", "{\"id\": 2}"));
    Path bad = Files.write(dir.resolve("json-bad.ndjson"), List.of("{\"id\": "));

    Run loaded =
        firn("ingest", "raw.jsonish", rows.toString(), "--create", "--branch", "audit", "--json");
    assertThat(loaded.exit()).as(loaded.err()).isZero();
    JsonNode result = new ObjectMapper().readTree(loaded.out());
    assertThat(result.path("status").asText()).isEqualTo("ok");
    assertThat(result.path("rows").asLong()).isEqualTo(2);
    assertThat(result.path("table").asText()).isEqualTo("raw.jsonish");
    assertThat(loaded.out().lines()).hasSize(1);

    Run failed = firn("ingest", "raw.jsonish", bad.toString(), "--json");
    assertThat(failed.exit()).isEqualTo(ExitCode.REJECTED_INPUT);
    JsonNode failure = new ObjectMapper().readTree(failed.out());
    assertThat(failure.path("status").asText()).isEqualTo("failed");
    assertThat(failure.path("exitCode").asInt()).isEqualTo(ExitCode.REJECTED_INPUT);
    assertThat(failure.path("error").asText()).contains("json-bad.ndjson:line 1");

    Run published = firn("publish", "raw.jsonish", "--branch", "audit", "--json");
    assertThat(published.exit()).as(published.err()).isZero();
    JsonNode publish = new ObjectMapper().readTree(published.out());
    assertThat(publish.path("published").asBoolean()).isTrue();
    assertThat(publish.path("addedRows").asLong()).isEqualTo(2);

    Run maintained = firn("maintain", "raw.jsonish", "--job", "expiry", "--dry-run", "--json");
    assertThat(maintained.exit()).as(maintained.err()).isZero();
    JsonNode maintain = new ObjectMapper().readTree(maintained.out());
    assertThat(maintain.path("jobs").get(0).path("job").asText()).isEqualTo("expiry");
  }

  @Test
  void aCommitWhoseReplyIsLostWithTheCatalogGoneEndsWithOutcomeUnknown() throws Exception {
    Path first = Files.write(dir.resolve("lost-1.ndjson"), List.of("{\"id\": 1}"));
    Path second = Files.write(dir.resolve("lost-2.ndjson"), List.of("{\"id\": 2}"));
    assertThat(firn("ingest", "raw.lost", first.toString(), "--create", "--no-progress").exit())
        .isZero();

    Run run;
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", stack.catalog().port())) {
      proxy.loseRepliesAfter("POST ", "add-snapshot", 1);
      // The catalog is gone for the client once the reply is lost: its look for the batch fails.
      proxy.goDarkAfterLoss();
      run =
          CommandRuns.firn(
              Firn.commandLine(),
              "ingest",
              "raw.lost",
              second.toString(),
              "--no-progress",
              // A reply the proxy swallows without cutting must not hang the test.
              "-P",
              "rest.client.socket-timeout-ms=5000",
              "--credential",
              CommandRuns.rootCredential(stack),
              "--catalog-uri",
              "http://127.0.0.1:" + proxy.port());
    }

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OUTCOME_UNKNOWN);
    assertThat(run.err())
        .startsWith("firn: The catalog did not say whether the commit applied")
        .doesNotContain("\tat ");
    Run again = firn("ingest", "raw.lost", second.toString(), "--no-progress");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(client.loadTable(TableIdentifier.parse("raw.lost")).currentSnapshot().summary())
        .containsEntry("total-records", "2");
  }

  @Command(name = "bug")
  static final class Bug implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new NullPointerException("a bug");
    }
  }
}
