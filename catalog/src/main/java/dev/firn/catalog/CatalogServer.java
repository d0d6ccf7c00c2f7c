package dev.firn.catalog;

import dev.firn.catalog.access.AccessApi;
import dev.firn.catalog.access.Authentication;
import dev.firn.catalog.access.Credential;
import dev.firn.catalog.access.Principal;
import dev.firn.catalog.access.Privileges;
import dev.firn.catalog.access.ReadyMadeRole;
import dev.firn.catalog.iceberg.FirnCatalog;
import dev.firn.catalog.iceberg.MetadataCache;
import dev.firn.catalog.journal.CatalogJournal;
import dev.firn.catalog.journal.CatalogRecovery;
import dev.firn.catalog.rest.ManagementService;
import dev.firn.catalog.rest.RestService;
import dev.firn.catalog.store.AuditStore;
import dev.firn.catalog.store.CatalogDatabase;
import dev.firn.catalog.store.GrantStore;
import dev.firn.catalog.store.IdempotencyStore;
import dev.firn.catalog.store.NamespaceStore;
import dev.firn.catalog.store.NodeStore;
import dev.firn.catalog.store.PrincipalStore;
import dev.firn.catalog.store.ReportStore;
import dev.firn.catalog.store.SigningKeyStore;
import dev.firn.catalog.store.TableStore;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Firn catalog: the database, the warehouse's files through {@code S3FileIO}, the zones,
 * and the Iceberg REST service in front of them.
 */
public final class CatalogServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogServer.class);

  private final CatalogConfig config;
  private final CatalogDatabase database;
  private final FileIO io;
  private final FirnCatalog catalog;
  private final ReportStore reports;
  private final CatalogMetrics metrics;
  private final RestService rest;
  private final ManagementService management;
  private final Authentication authentication;
  private final Privileges privileges;
  private final AuditStore audit;
  private final Credential createdRoot;
  private final FirnNode node;
  private final CatalogJournal journal;

  private CatalogServer(
      CatalogConfig config,
      CatalogDatabase database,
      FileIO io,
      FirnCatalog catalog,
      ReportStore reports,
      CatalogMetrics metrics,
      RestService rest,
      ManagementService management,
      Authentication authentication,
      Privileges privileges,
      AuditStore audit,
      Credential createdRoot,
      FirnNode node,
      CatalogJournal journal) {
    this.config = config;
    this.database = database;
    this.io = io;
    this.catalog = catalog;
    this.reports = reports;
    this.metrics = metrics;
    this.rest = rest;
    this.management = management;
    this.authentication = authentication;
    this.privileges = privileges;
    this.audit = audit;
    this.createdRoot = createdRoot;
    this.node = node;
    this.journal = journal;
  }

  /**
   * Opens the database, creates the zones and (with authentication on) the {@code root} principal
   * if absent, and starts the REST service.
   */
  public static CatalogServer start(CatalogConfig config) {
    CatalogDatabase database = CatalogDatabase.open(config.database());
    FileIO io = null;
    RestService rest = null;
    FirnNode node = null;
    CatalogJournal journal = null;
    try {
      io = fileIO(config.storage());
      String name = config.warehouseName();
      NamespaceStore namespaces = new NamespaceStore(database, name);
      TableStore tables = new TableStore(database, namespaces, name);
      ReportStore reports = new ReportStore(database, name, Clock.systemUTC());
      node =
          FirnNode.start(
              new NodeStore(database, name, Clock.systemUTC()),
              config.nodeId() != null ? config.nodeId() : FirnNode.newNodeId(),
              config.nodeLease(),
              config.nodeId() == null || config.nodeIdExclusive(),
              Clock.systemUTC());
      IdempotencyStore idempotency =
          new IdempotencyStore(
              database, name, Clock.systemUTC(), config.idempotencyKeyLifetime(), node);
      CatalogMetrics metrics = new CatalogMetrics();
      MetadataCache cache = new MetadataCache(io, MetadataCache.MAX_WEIGHT_DEFAULT);
      metrics.gauge("firn_database_connections_active", database::activeConnections);
      ProcessMetrics.register(metrics);
      metrics.gauge("firn_metadata_cache_entries", cache::size);
      metrics.gauge("firn_metadata_cache_hits", cache::hits);
      metrics.gauge("firn_metadata_cache_misses", cache::misses);
      FirnCatalog catalog =
          catalog(config, namespaces, tables, io, cache, metrics, config.rebaseAppends());
      catalog.createZones();
      journal = CatalogJournal.start(io, config.warehouseLocation(), tables, namespaces);
      CatalogJournal kept = journal;
      metrics.gauge("firn_journal_pending", kept::pending);
      metrics.gauge("firn_journal_writes", kept::writes);
      metrics.gauge("firn_journal_failed_writes", kept::failures);
      Authentication authentication =
          Authentication.open(
              config.auth(),
              name,
              new PrincipalStore(database, name, Clock.systemUTC()),
              new SigningKeyStore(database, name, Clock.systemUTC()),
              Clock.systemUTC());
      Privileges privileges = new Privileges(new GrantStore(database, name, Clock.systemUTC()));
      AuditStore audit = new AuditStore(database, name, Clock.systemUTC(), config.auditRetention());
      Credential createdRoot = null;
      if (authentication.enabled()) {
        privileges.createReadyMadeRoles();
        if (!authentication.exists(Principal.ROOT)) {
          // Admin first: a start that dies in between leaves no root without its role.
          privileges.addToRole(Principal.ROOT, ReadyMadeRole.ADMIN_ROLE.roleName());
          createdRoot = authentication.createRoot().orElse(null);
        }
      }
      rest =
          RestService.start(
              catalog,
              tables,
              reports,
              idempotency,
              metrics,
              authentication,
              privileges,
              audit,
              config.clientStorage(),
              config.storage(),
              new RestService.Settings(
                  config.host(),
                  config.port(),
                  config.maxThreads(),
                  config.maxRequestBytes(),
                  config.allowList()));
      ManagementService management = null;
      if (config.managementPort() >= 0) {
        management =
            ManagementService.start(
                new ManagementService.Settings(
                    config.managementHost(),
                    config.managementPort(),
                    config.managementMaxRequestBytes(),
                    config.allowList()),
                readinessChecks(database, io, catalog, node),
                metrics,
                authentication,
                privileges,
                audit);
      }
      if (management != null) {
        management.mount(AccessApi.PREFIX, new AccessApi(authentication, privileges, audit));
      }
      CatalogServer server =
          new CatalogServer(
              config,
              database,
              io,
              catalog,
              reports,
              metrics,
              rest,
              management,
              authentication,
              privileges,
              audit,
              createdRoot,
              node,
              journal);
      LOG.info(
          "Firn catalog serving warehouse {} ({}) at {}{}{}",
          name,
          config.warehouseLocation(),
          server.uri(),
          authentication.enabled() ? "" : " WITHOUT authentication",
          management == null
              ? ""
              : ", management on " + config.managementHost() + ":" + management.port());
      return server;
    } catch (RuntimeException e) {
      if (rest != null) {
        rest.close();
      }
      if (journal != null) {
        journal.close();
      }
      if (node != null) {
        node.close();
      }
      if (io != null) {
        io.close();
      }
      database.close();
      throw e;
    }
  }

  /**
   * Rebuilds a lost catalog database from the warehouse ({@code firn recover}): opens the database
   * and storage {@code config} names, creates the zones, and restores what the catalog journal and
   * the tables' metadata files hold. Serves nothing.
   */
  public static CatalogRecovery.Report recover(
      CatalogConfig config, CatalogRecovery.Options options) {
    try (CatalogDatabase database = CatalogDatabase.open(config.database());
        FileIO io = fileIO(config.storage())) {
      String name = config.warehouseName();
      NamespaceStore namespaces = new NamespaceStore(database, name);
      TableStore tables = new TableStore(database, namespaces, name);
      FirnCatalog catalog =
          catalog(
              config,
              namespaces,
              tables,
              io,
              new MetadataCache(io, MetadataCache.MAX_WEIGHT_DEFAULT),
              new CatalogMetrics(),
              false);
      catalog.createZones();
      return CatalogRecovery.run(
          io, config.warehouseLocation(), catalog, namespaces, tables, options);
    }
  }

  private static FirnCatalog catalog(
      CatalogConfig config,
      NamespaceStore namespaces,
      TableStore tables,
      FileIO io,
      MetadataCache cache,
      CatalogMetrics metrics,
      boolean rebaseAppends) {
    return new FirnCatalog(
        config.warehouseName(),
        namespaces,
        tables,
        io,
        cache,
        config.warehouseLocation(),
        metrics,
        config.propertyRule(),
        rebaseAppends,
        Clock.systemUTC());
  }

  /** The catalog journal this node keeps (see {@link CatalogJournal}). */
  public CatalogJournal journal() {
    return journal;
  }

  private static Map<String, Runnable> readinessChecks(
      CatalogDatabase database, FileIO io, FirnCatalog catalog, FirnNode node) {
    Map<String, Runnable> checks = new LinkedHashMap<>();
    checks.put(
        "node",
        () -> {
          if (node.replaced()) {
            throw new IllegalStateException(
                "Another process runs as node " + node.nodeId() + ": this one must stop");
          }
        });
    checks.put(
        "database",
        () -> {
          if (!database.isReachable()) {
            throw new IllegalStateException("The catalog database does not answer");
          }
        });
    // A HEAD request under the warehouse: a missing object is fine, an error is not.
    String probe = catalog.warehouse() + "/.firn-readiness-probe";
    checks.put("storage", () -> io.newInputFile(probe).exists());
    return checks;
  }

  private static FileIO fileIO(Map<String, String> storage) {
    S3FileIO io = new S3FileIO();
    io.initialize(new HashMap<>(storage));
    return io;
  }

  /** The REST catalog's base URI, as clients configure it. */
  public URI uri() {
    return URI.create("http://" + config.host() + ":" + rest.port());
  }

  public int port() {
    return rest.port();
  }

  /**
   * Serves an endpoint of another module on the management port, under a prefix such as {@code
   * /maintenance}.
   *
   * @throws IllegalStateException when the management port is off
   */
  public void mountManagement(String prefix, ManagementEndpoint endpoint) {
    if (management == null) {
      throw new IllegalStateException("The management port is off: cannot serve " + prefix);
    }
    management.mount(prefix, endpoint);
  }

  /** The catalog database's connection pool, for module tables kept beside the catalog's. */
  public javax.sql.DataSource dataSource() {
    return database.dataSource();
  }

  /** The port of the health endpoints, or -1 when they are off. */
  public int managementPort() {
    return management == null ? -1 : management.port();
  }

  /**
   * The credential of the {@code root} principal when this start created it: the one moment it can
   * be shown. Empty on every later start, and with authentication off.
   */
  public Optional<Credential> createdRootCredential() {
    return Optional.ofNullable(createdRoot);
  }

  /** This process as a node of the warehouse: its id, its instance, whether others are alive. */
  public FirnNode node() {
    return node;
  }

  /** Who may call, and the issuer of Firn's own tokens. */
  public Authentication authentication() {
    return authentication;
  }

  /** Every mutation and refusal, newest first. */
  public AuditStore audit() {
    return audit;
  }

  /** What each principal may do. */
  public Privileges privileges() {
    return privileges;
  }

  public CatalogConfig config() {
    return config;
  }

  /** The catalog behind the REST service, for in-process use. */
  public FirnCatalog catalog() {
    return catalog;
  }

  /** What the service has done so far, as counters. */
  public CatalogMetrics metrics() {
    return metrics;
  }

  /** The scan and commit reports clients sent for a table, oldest first. */
  public List<ReportStore.Report> metricsReports(TableIdentifier table) {
    return reports.reports(table);
  }

  public boolean isDatabaseReachable() {
    return database.isReachable();
  }

  @Override
  public void close() {
    try {
      if (management != null) {
        management.close();
      }
      rest.close();
    } finally {
      try {
        // After the last request, before storage and database go: what is pending is written.
        journal.close();
        node.close();
        io.close();
      } finally {
        database.close();
      }
    }
    LOG.info("Firn catalog stopped");
  }
}
