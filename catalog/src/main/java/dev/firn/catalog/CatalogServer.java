package dev.firn.catalog;

import dev.firn.catalog.iceberg.FirnCatalog;
import dev.firn.catalog.rest.RestService;
import dev.firn.catalog.store.CatalogDatabase;
import dev.firn.catalog.store.MetricsStore;
import dev.firn.catalog.store.NamespaceStore;
import dev.firn.catalog.store.TableStore;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private final MetricsStore metrics;
  private final RestService rest;

  private CatalogServer(
      CatalogConfig config,
      CatalogDatabase database,
      FileIO io,
      FirnCatalog catalog,
      MetricsStore metrics,
      RestService rest) {
    this.config = config;
    this.database = database;
    this.io = io;
    this.catalog = catalog;
    this.metrics = metrics;
    this.rest = rest;
  }

  /** Opens the database, creates the zones if absent, and starts the REST service. */
  public static CatalogServer start(CatalogConfig config) {
    CatalogDatabase database = CatalogDatabase.open(config.database());
    FileIO io = null;
    try {
      io = fileIO(config.storage());
      String name = config.warehouseName();
      NamespaceStore namespaces = new NamespaceStore(database, name);
      TableStore tables = new TableStore(database, namespaces, name);
      MetricsStore metrics = new MetricsStore(database, name, Clock.systemUTC());
      FirnCatalog catalog =
          new FirnCatalog(name, namespaces, tables, io, config.warehouseLocation());
      catalog.createZones();
      RestService rest =
          RestService.start(
              catalog,
              tables,
              metrics,
              config.clientStorage(),
              new RestService.Settings(
                  config.host(), config.port(), config.maxThreads(), config.maxRequestBytes()));
      CatalogServer server = new CatalogServer(config, database, io, catalog, metrics, rest);
      LOG.info(
          "Firn catalog serving warehouse {} ({}) at {}",
          name,
          config.warehouseLocation(),
          server.uri());
      return server;
    } catch (RuntimeException e) {
      if (io != null) {
        io.close();
      }
      database.close();
      throw e;
    }
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

  public CatalogConfig config() {
    return config;
  }

  /** The catalog behind the REST service, for in-process use. */
  public FirnCatalog catalog() {
    return catalog;
  }

  /** The scan and commit reports clients sent for a table, oldest first. */
  public List<MetricsStore.Report> metricsReports(TableIdentifier table) {
    return metrics.reports(table);
  }

  public boolean isDatabaseReachable() {
    return database.isReachable();
  }

  @Override
  public void close() {
    try {
      rest.close();
    } finally {
      try {
        io.close();
      } finally {
        database.close();
      }
    }
    LOG.info("Firn catalog stopped");
  }
}
