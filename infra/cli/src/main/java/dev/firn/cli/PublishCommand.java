package dev.firn.cli;

import dev.firn.writer.Audit;
import dev.firn.writer.BranchChecks;
import dev.firn.writer.Publish;
import dev.firn.writer.TableWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firn publish}: checks a branch and fast-forwards main to it when the checks pass. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a branch written with `firn ingest --branch` and fast-forwards main to it only when"
          + " every check passes (write-audit-publish)."
    })
final class PublishCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
  String table;

  @Option(names = "--branch", required = true, description = "The branch to publish.")
  String branch;

  @Option(names = "--rows", paramLabel = "MIN..MAX", description = "Row count bounds, e.g. 1..")
  String rows;

  @Option(names = "--not-null", split = ",", paramLabel = "COL", description = "No nulls here.")
  List<String> notNull = new ArrayList<>();

  @Option(names = "--unique", split = ",", paramLabel = "COL", description = "A unique key.")
  List<String> unique = new ArrayList<>();

  @Option(names = "--dry-run", description = "Run the checks only.")
  boolean dryRun;

  @Option(names = "--json", description = "Print one JSON object with the result, for scripts.")
  boolean json;

  @Mixin CatalogOptions catalog;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    BranchChecks checks = rows == null ? BranchChecks.none() : BranchChecks.rows(rows);
    checks = checks.withNotNull(notNull).withUniqueKey(unique);
    try (RESTCatalog client = catalog.connect(System.getenv());
        TableWriter writer = new TableWriter(client)) {
      Publish publish = writer.publish(TableIdentifier.parse(table), branch).checks(checks);
      Audit audit = publish.apply();
      if (json) {
        Audit result = audit.passed() && !dryRun ? publish.commit() : audit;
        JsonResult.print(out, JsonResult.of(result, audit.passed() && !dryRun));
        return audit.passed() ? ExitCode.OK : ExitCode.REJECTED_INPUT;
      }
      out.printf(
          "Branch %s of %s: snapshot %d, %,d rows; %d own snapshot(s) adding %,d rows%n",
          branch,
          table,
          audit.snapshotId(),
          audit.rows(),
          audit.changes().size(),
          audit.addedRows());
      if (!audit.passed()) {
        audit.failures().forEach(failure -> out.println("  failed: " + failure));
        out.println("Not published; main is unchanged.");
        return ExitCode.REJECTED_INPUT;
      }
      if (dryRun) {
        out.println("All checks pass (dry run: main is unchanged).");
        return 0;
      }
      Audit published = publish.commit();
      out.println(
          "All checks pass; main now points at snapshot "
              + published.publishedSnapshotId()
              + "; the next load to branch "
              + branch
              + " starts from there.");
      return 0;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot close the catalog client: " + e.getMessage(), e);
    }
  }
}
