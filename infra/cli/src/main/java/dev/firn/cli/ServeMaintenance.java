package dev.firn.cli;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.ManagementEndpoint;
import dev.firn.maintenance.RunningCompactions;
import dev.firn.maintenance.TableMaintenance;
import dev.firn.maintenance.api.MaintenanceApi;
import dev.firn.maintenance.policy.PolicyResolver;
import dev.firn.maintenance.schedule.MaintenanceMetrics;
import dev.firn.maintenance.schedule.Scheduler;
import dev.firn.maintenance.schedule.SchedulerConfig;
import dev.firn.maintenance.schedule.ZoneTables;
import java.time.Clock;

/**
 * The maintenance {@code firn serve} runs beside the catalog: the scheduler working through the
 * in-process catalog, its run history and leases in the catalog's database, its API under {@code
 * /maintenance} on the management port and its counters in {@code /metrics}.
 */
final class ServeMaintenance implements AutoCloseable {
  static final String API_PREFIX = "/maintenance";

  private final Scheduler scheduler;

  private ServeMaintenance(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Starts the scheduler, or returns null when configuration turns maintenance off. */
  static ServeMaintenance start(CatalogServer catalog, MaintenanceSettings settings) {
    if (!settings.enabled()) {
      return null;
    }
    Clock clock = Clock.systemUTC();
    PolicyResolver resolver = new PolicyResolver(settings.policyDefaults());
    ZoneTables tables = new ZoneTables(catalog.catalog(), resolver);
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
            jobs::run,
            catalog.dataSource(),
            clock,
            SchedulerConfig.builder(catalog.config().warehouseName())
                .tickInterval(settings.tickInterval())
                .parallelism(settings.parallelism())
                .build(),
            metrics);
    catalog.metrics().section(metrics::render);
    if (catalog.managementPort() >= 0) {
      MaintenanceApi api = new MaintenanceApi(scheduler, tables);
      catalog.mountManagement(
          API_PREFIX,
          (method, path, query, body) -> {
            MaintenanceApi.Answer answer = api.handle(method, path, query, body);
            return new ManagementEndpoint.Reply(answer.status(), answer.body());
          });
    }
    scheduler.start();
    return new ServeMaintenance(scheduler);
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
