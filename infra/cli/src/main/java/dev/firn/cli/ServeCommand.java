package dev.firn.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code firn serve}: runs the catalog service until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Iceberg REST catalog service, creating the zones if they do not exist.",
      "",
      "With no settings it starts an embedded S3 server and a SQLite catalog database in the data"
          + " folder, and serves on 127.0.0.1:8181. A config file, FIRN_* environment variables and"
          + " the options below point it at a real S3 or MinIO endpoint and PostgreSQL instead."
    },
    footer = {
      "",
      "Settings (config file key, or environment variable FIRN_<KEY> with '.' and '-' as '_'):",
      "  data-dir                  folder for embedded data (default .firn)",
      "  catalog.host              interface to bind (default 127.0.0.1)",
      "  catalog.port              port of the REST catalog (default 8181)",
      "  catalog.management-port   port of /health, /metrics and /maintenance (default 8190, -1 off)",
      "  catalog.management-host   interface the management port binds (default 127.0.0.1)",
      "  catalog.allowed-hosts     host names clients may use, comma-separated, besides loopback",
      "                            names and the bound address; * for any (default none)",
      "  catalog.allowed-origins   web origins whose pages may call Firn, comma-separated, e.g.",
      "                            http://localhost:3000 (default none: requests with Origin get 403)",
      "  catalog.warehouse-name    warehouse name and REST prefix (default firn)",
      "  catalog.rebase-appends    put appends that lost a race on the new branch head instead of",
      "                            answering 409 (default true)",
      "  storage.type              embedded or s3 (default: s3 when an endpoint is set)",
      "  storage.endpoint          S3 endpoint URI, e.g. http://minio:9000 (AWS: leave unset, type s3)",
      "  storage.client-endpoint   S3 endpoint handed to clients, if they reach it by another address",
      "  storage.warehouse         warehouse location s3://bucket[/path] (default s3://warehouse)",
      "  storage.region            signing region (default us-east-1)",
      "  storage.access-key-id     S3 access key (default: embedded key, or the AWS credential chain)",
      "  storage.secret-access-key S3 secret key (embedded: random, kept in the data folder)",
      "  storage.path-style-access address buckets in the path (default true)",
      "  storage.create-bucket     create the warehouse bucket if missing (default false)",
      "  storage.share-credentials hand the S3 keys to clients in /v1/config (default: embedded",
      "                            store on a loopback catalog.host only)",
      "  storage.share-credentials-off-loopback  allow sharing the keys on a catalog.host other",
      "                            machines reach (default false)",
      "  storage.embedded-port     port of the embedded S3 server (default 8182)",
      "  database.url              jdbc:postgresql://... or jdbc:sqlite:... (default SQLite in data-dir)",
      "  database.user             database user",
      "  database.password         database password",
      "  database.max-connections  connection pool size (default 16)",
      "  auth.enabled              require a bearer token on every request (default true; false",
      "                            only when both ports bind loopback)",
      "  auth.token-lifetime-minutes  how long issued tokens last (default 60)",
      "  auth.oidc.issuer          also accept tokens of this OpenID Connect provider",
      "                            (https, e.g. https://idp.example.com/realms/lake)",
      "  auth.oidc.audience        the aud its tokens must carry (default firn)",
      "  auth.oidc.principal-claim the claim naming the principal (default sub)",
      "  auth.oidc.roles-claim     the claim listing the principal's roles (default",
      "                            roles; Keycloak: realm_access.roles)",
      "  auth.oidc.role-prefix     what marks a provider role as a Firn role (default",
      "                            firn-: firn-analyst is Firn's analyst)",
      "  audit.retention-days      how long the audit trail keeps an entry (default 90)",
      "  node.id                   this node's id (default: kept in data-dir/node.id)",
      "  node.lease-seconds        how long after a node's last heartbeat others take over",
      "                            its leases and requests (default 30)",
      "  maintenance.enabled       run the maintenance scheduler (default true)",
      "  maintenance.tick-seconds  how often it looks for due jobs (default 60)",
      "  maintenance.parallelism   tables maintained at once (default 2)",
      "  maintenance.compaction-parallelism  file groups one compaction rewrites at once (default 2)",
      "  maintenance.zone.<zone>.<key>  a zone's default policy value, such as",
      "                            maintenance.zone.raw.snapshot.max-age=3d (see firn policy show)",
      "  maintenance.spark.master  Spark master for large tables, e.g. local[4] or",
      "                            spark://host:7077 (default unset: no Spark)",
      "  maintenance.spark.min-table-size  table size from which jobs go to Spark",
      "                            (default 50GB)",
      "  maintenance.spark.classpath  file listing the Spark engine's classpath",
      "                            (default maintenance/spark/target/classpath.txt)",
      "  maintenance.spark.conf    extra Spark or catalog settings, k=v,k=v",
      "",
      "Ctrl-C stops the service cleanly."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "A properties file of settings (see below).")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder for embedded data.")
  String dataDirectory;

  @Option(names = "--host", description = "Interface to bind.")
  String host;

  @Option(names = "--port", description = "Port of the REST catalog.")
  String port;

  @Option(names = "--warehouse-name", paramLabel = "NAME", description = "Warehouse name.")
  String warehouseName;

  @Option(names = "--storage-type", paramLabel = "TYPE", description = "embedded or s3.")
  String storageType;

  @Option(names = "--storage-endpoint", paramLabel = "URI", description = "S3 endpoint.")
  String storageEndpoint;

  @Option(
      names = "--storage-warehouse",
      paramLabel = "LOCATION",
      description = "Warehouse location, s3://bucket[/path].")
  String storageWarehouse;

  @Option(names = "--embedded-s3-port", paramLabel = "PORT", description = "Embedded S3 port.")
  String embeddedPort;

  @Option(names = "--database-url", paramLabel = "JDBC_URL", description = "Catalog database.")
  String databaseUrl;

  @Option(names = "--database-user", paramLabel = "USER", description = "Database user.")
  String databaseUser;

  @Override
  public Integer call() throws InterruptedException {
    ServeConfig config = ServeConfig.from(Settings.load(configFile, System.getenv(), options()));
    ServeStack stack = ServeStack.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "firn-shutdown"));
    System.out.println();
    System.out.println(
        ConnectionHelp.render(
            stack.catalog().uri(),
            config.warehouseName(),
            stack.storage(),
            ServeStack.clientEndpoint(
                stack.storage(),
                stack
                    .embeddedStorage()
                    .map(s3 -> s3.endpoint())
                    .orElse(config.storage().endpoint())),
            credentialShown(stack, config)));
    stack
        .catalog()
        .createdRootCredential()
        .ifPresent(
            root ->
                System.out.println(
                    "Created the root principal. Its credential is shown this once and kept in "
                        + config.dataDirectory().resolve(ServeStack.ROOT_CREDENTIAL_FILE)
                        + " (readable by you only); firn commands on this machine read it"
                        + " there.\n"));
    if (stack.catalog().managementPort() >= 0) {
      System.out.println(
          "Health: http://"
              + config.managementHost()
              + ":"
              + stack.catalog().managementPort()
              + "/health/ready");
    }
    System.out.println("Data folder: " + config.dataDirectory() + ". Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  /**
   * The root credential as the connection settings show it: whole on the start that created it,
   * afterwards as the file that keeps it; null with authentication off.
   */
  private static String credentialShown(ServeStack stack, ServeConfig config) {
    if (!stack.catalog().authentication().enabled()) {
      return null;
    }
    return stack
        .catalog()
        .createdRootCredential()
        .map(root -> root.value())
        .orElse(
            "<the line in "
                + config.dataDirectory().resolve(ServeStack.ROOT_CREDENTIAL_FILE)
                + ">");
  }

  private Map<String, String> options() {
    Map<String, String> options = new HashMap<>();
    options.put(ServeConfig.DATA_DIR, dataDirectory);
    options.put(ServeConfig.CATALOG_HOST, host);
    options.put(ServeConfig.CATALOG_PORT, port);
    options.put(ServeConfig.WAREHOUSE_NAME, warehouseName);
    options.put(ServeConfig.StorageConfig.TYPE, storageType);
    options.put(ServeConfig.StorageConfig.ENDPOINT, storageEndpoint);
    options.put(ServeConfig.StorageConfig.WAREHOUSE, storageWarehouse);
    options.put(ServeConfig.StorageConfig.EMBEDDED_PORT, embeddedPort);
    options.put(ServeConfig.DATABASE_URL, databaseUrl);
    options.put(ServeConfig.DATABASE_USER, databaseUser);
    return options;
  }
}
