package dev.firn.bench.core;

import dev.firn.catalog.CatalogConfig;
import dev.firn.s3.EmbeddedS3;
import dev.firn.testing.S3Endpoint;
import dev.firn.vocabulary.Zone;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * What the ingestion, compaction and expiry harnesses measure on: an embedded S3 server keeping its
 * objects under the run's {@code s3} folder, Firn's catalog server in a child JVM, a catalog
 * client, and the measured children of the run. Closing it stops them all; so does a shutdown of
 * the harness, since children must not outlive an interrupted run.
 */
public record FirnStack(
    Path s3Data,
    EmbeddedS3 s3,
    LaunchedServer firn,
    ChildJvms children,
    RESTCatalog catalog,
    Thread hook)
    implements AutoCloseable {
  static final String BUCKET = "bench";

  /** The zone every generated table lives in. */
  public static final String ZONE = Zone.RAW.level();

  /**
   * Starts S3 and Firn's catalog under {@code run} (its {@code logs} and {@code s3} folders made
   * afresh), and connects a client named {@code clientName}.
   *
   * @param childJvm how the measured children run
   * @param spark the Spark engine the children may run on, or null
   */
  public static FirnStack start(
      Path run, String clientName, ServerJvm childJvm, SparkModule spark, PrintStream progress)
      throws IOException {
    Path work = BenchFolders.freshDirectory(run.resolve("logs"));
    Path s3Data = BenchFolders.freshDirectory(run.resolve("s3"));
    EmbeddedS3 s3 = EmbeddedS3.builder().bucket(BUCKET).dataDirectory(s3Data).start();
    LaunchedServer firn = null;
    try {
      progress.println("Starting Firn's catalog server...");
      firn = FirnLaunch.start(S3Endpoint.of(s3), work, ServerJvm.defaults());
      RESTCatalog catalog = new RESTCatalog();
      catalog.initialize(
          clientName,
          CatalogClients.properties(firn.uri().toString(), warehouse(), firn.credential()));
      ChildJvms children =
          new ChildJvms(
              childJvm, work, spark, Map.of(CatalogClients.CREDENTIAL_VARIABLE, firn.credential()));
      LaunchedServer server = firn;
      Thread hook = new Thread(() -> stop(children, server));
      Runtime.getRuntime().addShutdownHook(hook);
      return new FirnStack(s3Data, s3, firn, children, catalog, hook);
    } catch (IOException | RuntimeException e) {
      if (firn != null) {
        firn.process().close();
      }
      s3.close();
      throw e;
    }
  }

  public static String warehouse() {
    return CatalogConfig.WAREHOUSE_NAME_DEFAULT;
  }

  public String catalogUri() {
    return firn.uri().toString();
  }

  public ServerProcess server() {
    return firn.process();
  }

  private static void stop(ChildJvms children, LaunchedServer firn) {
    children.killRunning();
    firn.process().close();
  }

  @Override
  public void close() throws IOException {
    try {
      catalog.close();
    } finally {
      stop(children, firn);
      s3.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }
}
