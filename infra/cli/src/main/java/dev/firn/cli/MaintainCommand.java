package dev.firn.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.firn.cli.MaintainSummary.Outcome;
import dev.firn.maintenance.JobKind;
import dev.firn.maintenance.JobReport;
import dev.firn.maintenance.JobResult;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.TableMaintenance;
import dev.firn.maintenance.compaction.Compaction;
import dev.firn.maintenance.compaction.CompactionListener;
import dev.firn.maintenance.policy.PolicyDefaults;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.maintenance.schedule.ZoneTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firn maintain}: runs maintenance jobs on a table or on every table under a namespace. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Runs maintenance jobs on a table, or on every table under a namespace or zone at any depth:"
          + " compaction, snapshot expiry, orphan removal, manifest rewrite and metadata cleanup,"
          + " always in that order, each configured from the table's effective policy (see firn"
          + " policy show).",
      "",
      "The jobs run in this process, straight against the catalog and the storage. The scheduler"
          + " of firn serve runs the same jobs on a schedule and holds a lease per table while it"
          + " does; this command takes no lease.",
      "",
      "Exit status: 0 when every job succeeded, 1 when any failed, 2 for a usage error."
    })
final class MaintainCommand implements Callable<Integer> {
  /** Detail lines printed per job (orphan paths, file groups) before "... and N more". */
  static final int DETAIL_LINES = 20;

  @Parameters(
      paramLabel = "TARGET",
      description = "A table (raw.sales.orders), or a namespace or zone (raw, curated.sales).")
  String target;

  @Option(
      names = "--job",
      split = ",",
      paramLabel = "KIND",
      description = "Jobs to run: compaction, expiry, orphans, manifests, metadata (default: all).")
  List<String> jobs = new ArrayList<>();

  @Option(names = "--dry-run", description = "Show what each job would do; change nothing.")
  boolean dryRun;

  @Option(
      names = "--no-progress",
      description =
          "Do not show progress (a live line on a terminal, a line per finished job otherwise).")
  boolean noProgress;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "File groups a compaction rewrites at once (default: ${DEFAULT-VALUE}).")
  int parallelism = Compaction.PARALLELISM_DEFAULT;

  @Mixin CatalogOptions catalog;

  @Option(names = "--json", description = "Print one JSON object with the result, for scripts.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    Set<JobKind> kinds = kinds();
    if (parallelism < 1) {
      throw new UsageException("Invalid parallelism: " + parallelism + " (must be >= 1)");
    }
    Logger maintenanceLog = (Logger) LoggerFactory.getLogger("dev.firn.maintenance");
    Level level = maintenanceLog.getLevel();
    // The summary reports every job; the jobs' own INFO lines would repeat it and break the line.
    maintenanceLog.setLevel(Level.WARN);
    try (RESTCatalog client = catalog.connect(System.getenv())) {
      PolicyResolver resolver = new PolicyResolver(PolicyDefaults.standard());
      List<TableIdentifier> tables = tables(client, new ZoneTables(client, resolver));
      PrintWriter out = spec.commandLine().getOut();
      if (tables.isEmpty()) {
        out.println("No tables under " + target + ".");
        return 0;
      }
      TableMaintenance maintenance =
          new TableMaintenance(client, resolver, clock, new RunningCompactions(), parallelism);
      Instant started = clock.instant();
      List<Outcome> outcomes = run(maintenance, tables, kinds);
      Duration elapsed = Duration.between(started, clock.instant());
      int exit = outcomes.stream().allMatch(outcome -> outcome.result().succeeded()) ? 0 : 1;
      if (json) {
        JsonResult.print(out, JsonResult.of(outcomes, dryRun, exit));
        return exit;
      }
      out.print(new MaintainSummary(DETAIL_LINES).render(outcomes, dryRun, elapsed));
      // The writer flushes by itself only on println: without this, exiting would lose the text.
      out.flush();
      return outcomes.stream().allMatch(outcome -> outcome.result().succeeded()) ? 0 : 1;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot close the catalog client: " + e.getMessage(), e);
    } finally {
      maintenanceLog.setLevel(level);
    }
  }

  /** The jobs asked for, in the order they run. */
  Set<JobKind> kinds() {
    Set<JobKind> kinds = EnumSet.noneOf(JobKind.class);
    if (jobs.isEmpty()) {
      kinds.addAll(EnumSet.allOf(JobKind.class));
    }
    jobs.forEach(label -> kinds.add(JobKind.of(label)));
    return kinds;
  }

  /**
   * The target table and every table under the namespace of the target's name: a name may be both.
   */
  private List<TableIdentifier> tables(RESTCatalog client, ZoneTables zoneTables) {
    Set<TableIdentifier> tables = new LinkedHashSet<>();
    Namespace namespace = Namespace.of(target.split("\\.", -1));
    if (namespace.length() > 1 && client.tableExists(TableIdentifier.parse(target))) {
      tables.add(TableIdentifier.parse(target));
    }
    if (client.namespaceExists(namespace)) {
      tables.addAll(zoneTables.list(namespace));
    } else if (tables.isEmpty()) {
      throw new UsageException("No table or namespace named " + target);
    }
    return new ArrayList<>(tables);
  }

  private List<Outcome> run(
      TableMaintenance maintenance, List<TableIdentifier> tables, Set<JobKind> kinds) {
    PrintWriter err = spec.commandLine().getErr();
    MaintainProgress progress =
        noProgress
            ? new MaintainProgress(new PrintWriter(Writer.nullWriter()), false, 0)
            : new MaintainProgress(err, System.console() != null, tables.size() * kinds.size());
    List<Outcome> outcomes = new ArrayList<>();
    try {
      for (TableIdentifier table : tables) {
        for (JobKind kind : kinds) {
          CompactionListener listener = progress.started(table.toString(), kind);
          JobResult result = run(maintenance, table, kind, listener);
          progress.finished(result);
          outcomes.add(new Outcome(table.toString(), result));
        }
      }
    } finally {
      progress.close();
    }
    return outcomes;
  }

  private JobResult run(
      TableMaintenance maintenance,
      TableIdentifier table,
      JobKind kind,
      CompactionListener listener) {
    try {
      return maintenance.run(table, kind, dryRun, listener);
    } catch (RuntimeException e) {
      // Jobs report expected failures in their result; anything else fails this job only.
      return new JobReport(table.toString(), kind, dryRun, clock).failed(e);
    }
  }
}
