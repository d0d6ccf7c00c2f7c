package dev.firn.cli;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.ManagementEndpoint;
import dev.firn.catalog.access.Principal;
import dev.firn.catalog.access.Privilege;
import dev.firn.catalog.access.Securable;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.TableMaintenance;
import dev.firn.maintenance.api.MaintenanceApi;
import dev.firn.maintenance.engine.EngineRouter;
import dev.firn.maintenance.engine.SparkJobProcess;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.maintenance.schedule.JobRunner;
import dev.firn.maintenance.schedule.MaintenanceMetrics;
import dev.firn.maintenance.schedule.RunHistory;
import dev.firn.maintenance.schedule.Scheduler;
import dev.firn.maintenance.schedule.SchedulerConfig;
import dev.firn.maintenance.schedule.ZoneTables;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance {@code firn serve} runs beside the catalog: the scheduler working through the
 * in-process catalog, its run history and leases in the catalog's database, its API under {@code
 * /maintenance} on the management port and its counters in {@code /metrics}. With a Spark master
 * configured, the jobs of large tables run on Spark in child processes.
 */
final class ServeMaintenance implements AutoCloseable {
  static final String API_PREFIX = "/maintenance";

  /** Where the Spark jobs' output goes, under the data folder. */
  static final Path SPARK_LOGS = Path.of("logs", "spark");

  private static final Logger LOG = LoggerFactory.getLogger(ServeMaintenance.class);

  private final Scheduler scheduler;

  private ServeMaintenance(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts the scheduler, or returns null when configuration turns maintenance off; the management
   * API shows runs and policies either way.
   */
  static ServeMaintenance start(
      CatalogServer catalog, MaintenanceSettings settings, Path dataDirectory) {
    Clock clock = Clock.systemUTC();
    PolicyResolver resolver = new PolicyResolver(settings.policyDefaults());
    ZoneTables tables = new ZoneTables(catalog.catalog(), resolver);
    if (!settings.enabled()) {
      mount(
          catalog,
          MaintenanceApi.withoutScheduler(
              new RunHistory(catalog.dataSource(), catalog.config().warehouseName()),
              tables,
              API_PREFIX));
      return null;
    }
    TableMaintenance jobs =
        new TableMaintenance(
            catalog.catalog(),
            resolver,
            clock,
            new RunningCompactions(),
            settings.compactionParallelism());
    MaintenanceMetrics metrics = new MaintenanceMetrics();
    Scheduler scheduler =
        new Scheduler(
            tables,
            runner(catalog, settings.spark(), jobs::run, dataDirectory, clock),
            catalog.dataSource(),
            clock,
            SchedulerConfig.builder(catalog.config().warehouseName())
                .node(catalog.node().nodeId())
                .leaseDuration(catalog.node().lease())
                .heartbeatInterval(catalog.node().lease().dividedBy(3))
                .tickInterval(settings.tickInterval())
                .parallelism(settings.parallelism())
                .build(),
            metrics);
    catalog.metrics().section(metrics::render);
    mount(catalog, new MaintenanceApi(scheduler, tables, API_PREFIX));
    scheduler.start();
    return new ServeMaintenance(scheduler);
  }

  /** Serves the maintenance API on the management port, if there is one. */
  private static void mount(CatalogServer catalog, MaintenanceApi api) {
    if (catalog.managementPort() < 0) {
      return;
    }
    catalog.mountManagement(
        API_PREFIX,
        (caller, method, path, query, body) -> {
          MaintenanceApi.Answer answer =
              api.handle(
                  method,
                  path,
                  query,
                  body,
                  table -> caller.may(Privilege.MAINTAIN, Securable.table(table)));
          return new ManagementEndpoint.Reply(answer.status(), answer.body(), answer.headers());
        });
  }

  /** Firn's own jobs, or with the Spark engine on, a choice between them and Spark by size. */
  private static JobRunner runner(
      CatalogServer catalog,
      SparkSettings spark,
      JobRunner local,
      Path dataDirectory,
      Clock clock) {
    if (!spark.enabled()) {
      return local;
    }
    Path logs = dataDirectory.resolve(SPARK_LOGS);
    SparkJobProcess onSpark =
        new SparkJobProcess(
            spark.master(),
            spark.classpath(),
            spark.conf(),
            reachable(catalog.uri()),
            catalog.config().warehouseName(),
            // Jobs run as root: the scheduler acts for the catalog itself.
            () ->
                catalog.authentication().enabled()
                    ? catalog.authentication().issue(Principal.ROOT)
                    : null,
            logs,
            clock);
    LOG.info(
        "Tables of {} bytes or more are maintained on Spark at {} (classpath from {}); job output"
            + " in {}",
        spark.minTableSize(),
        spark.master(),
        spark.classpath(),
        logs);
    return new EngineRouter(catalog.catalog(), spark.minTableSize(), onSpark, local);
  }

  /** The catalog's URI as a process on this machine reaches it, also when bound to all. */
  static URI reachable(URI uri) {
    String host = uri.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")) {
      return URI.create("http://127.0.0.1:" + uri.getPort());
    }
    return uri;
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
