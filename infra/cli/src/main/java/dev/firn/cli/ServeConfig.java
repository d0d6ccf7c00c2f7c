package dev.firn.cli;

import dev.firn.catalog.CatalogConfig;
import dev.firn.catalog.LoopbackHost;
import dev.firn.catalog.access.AuthConfig;
import dev.firn.catalog.access.OidcProvider;
import dev.firn.catalog.rest.AllowList;
import dev.firn.catalog.store.DatabaseConfig;
import dev.firn.s3.EmbeddedS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code firn serve} runs, typed and checked once. Without settings it is the embedded
 * default: an S3 server and a SQLite database in the data folder, the catalog on 127.0.0.1:8181.
 *
 * @param dataDirectory where the embedded store and database keep their files
 * @param host the interface the catalog binds
 * @param port the catalog's port
 * @param managementPort the port of the health endpoints, -1 for none
 * @param managementHost the interface the management port binds
 * @param allowList the host names clients may use and the web origins that may call, besides
 *     loopback names and the bound address
 * @param warehouseName the warehouse's name (the REST prefix)
 * @param rebaseAppends whether the catalog puts appends that lost a race on the new branch head
 * @param storage the object storage
 * @param database the catalog database
 * @param maintenance the maintenance scheduler
 * @param auth how callers authenticate
 * @param auditRetention how long the audit trail keeps an entry
 * @param nodeId this node's id among the nodes of the warehouse, or null for the one kept in the
 *     data folder
 * @param nodeLease how long after a node's last heartbeat the others take over what it held
 */
record ServeConfig(
    Path dataDirectory,
    String host,
    int port,
    int managementPort,
    String managementHost,
    AllowList allowList,
    String warehouseName,
    boolean rebaseAppends,
    StorageConfig storage,
    DatabaseConfig database,
    MaintenanceSettings maintenance,
    AuthConfig auth,
    java.time.Duration auditRetention,
    String nodeId,
    java.time.Duration nodeLease) {

  static final String DATA_DIR = "data-dir";
  static final String CATALOG_HOST = "catalog.host";
  static final String CATALOG_PORT = "catalog.port";
  static final String MANAGEMENT_PORT = "catalog.management-port";
  static final String MANAGEMENT_HOST = "catalog.management-host";
  static final String ALLOWED_HOSTS = "catalog.allowed-hosts";
  static final String ALLOWED_ORIGINS = "catalog.allowed-origins";
  static final String WAREHOUSE_NAME = "catalog.warehouse-name";
  static final String REBASE_APPENDS = "catalog.rebase-appends";
  static final String DATABASE_URL = "database.url";
  static final String DATABASE_USER = "database.user";
  static final String DATABASE_PASSWORD = "database.password";
  static final String DATABASE_MAX_CONNECTIONS = "database.max-connections";
  static final String AUTH_ENABLED = "auth.enabled";
  static final String AUTH_TOKEN_MINUTES = "auth.token-lifetime-minutes";
  static final String OIDC_ISSUER = "auth.oidc.issuer";
  static final String OIDC_AUDIENCE = "auth.oidc.audience";
  static final String OIDC_PRINCIPAL_CLAIM = "auth.oidc.principal-claim";
  static final String OIDC_ROLES_CLAIM = "auth.oidc.roles-claim";
  static final String OIDC_ROLE_PREFIX = "auth.oidc.role-prefix";
  static final String AUDIT_RETENTION_DAYS = "audit.retention-days";
  static final String NODE_ID = "node.id";
  static final String NODE_LEASE_SECONDS = "node.lease-seconds";

  static final String DATA_DIR_DEFAULT = ".firn";

  /** Every setting {@code firn serve} reads. */
  static final List<String> KEYS =
      Stream.concat(
              Stream.of(
                  DATA_DIR,
                  CATALOG_HOST,
                  CATALOG_PORT,
                  MANAGEMENT_PORT,
                  MANAGEMENT_HOST,
                  ALLOWED_HOSTS,
                  ALLOWED_ORIGINS,
                  WAREHOUSE_NAME,
                  REBASE_APPENDS,
                  StorageConfig.TYPE,
                  StorageConfig.ENDPOINT,
                  StorageConfig.CLIENT_ENDPOINT,
                  StorageConfig.REGION,
                  StorageConfig.ACCESS_KEY_ID,
                  StorageConfig.SECRET_ACCESS_KEY,
                  StorageConfig.WAREHOUSE,
                  StorageConfig.PATH_STYLE_ACCESS,
                  StorageConfig.CREATE_BUCKET,
                  StorageConfig.SHARE_CREDENTIALS,
                  StorageConfig.SHARE_CREDENTIALS_OFF_LOOPBACK,
                  StorageConfig.EMBEDDED_PORT,
                  DATABASE_URL,
                  DATABASE_USER,
                  DATABASE_PASSWORD,
                  DATABASE_MAX_CONNECTIONS,
                  AUTH_ENABLED,
                  AUTH_TOKEN_MINUTES,
                  OIDC_ISSUER,
                  OIDC_AUDIENCE,
                  OIDC_PRINCIPAL_CLAIM,
                  OIDC_ROLES_CLAIM,
                  OIDC_ROLE_PREFIX,
                  AUDIT_RETENTION_DAYS,
                  NODE_ID,
                  NODE_LEASE_SECONDS),
              MaintenanceSettings.keys().stream())
          .toList();

  static ServeConfig from(Settings settings) {
    Path dataDirectory = Path.of(settings.get(DATA_DIR, DATA_DIR_DEFAULT)).toAbsolutePath();
    String url = settings.get(DATABASE_URL);
    DatabaseConfig database =
        url == null
            ? DatabaseConfig.sqlite(dataDirectory.resolve("catalog.db"))
            : new DatabaseConfig(
                url,
                settings.get(DATABASE_USER),
                settings.get(DATABASE_PASSWORD),
                settings.intValue(
                    DATABASE_MAX_CONNECTIONS, DatabaseConfig.MAX_CONNECTIONS_DEFAULT, 1, 1000));
    return new ServeConfig(
        dataDirectory,
        settings.get(CATALOG_HOST, CatalogConfig.HOST_DEFAULT),
        settings.intValue(CATALOG_PORT, CatalogConfig.PORT_DEFAULT, 0, 65535),
        settings.intValue(MANAGEMENT_PORT, CatalogConfig.MANAGEMENT_PORT_DEFAULT, -1, 65535),
        settings.get(MANAGEMENT_HOST, CatalogConfig.MANAGEMENT_HOST_DEFAULT),
        new AllowList(
            AllowList.split(settings.get(ALLOWED_HOSTS)),
            AllowList.split(settings.get(ALLOWED_ORIGINS))),
        settings.get(WAREHOUSE_NAME, CatalogConfig.WAREHOUSE_NAME_DEFAULT),
        settings.booleanValue(REBASE_APPENDS, CatalogConfig.REBASE_APPENDS_DEFAULT),
        StorageConfig.from(settings, settings.get(CATALOG_HOST, CatalogConfig.HOST_DEFAULT)),
        database,
        MaintenanceSettings.from(settings),
        auth(settings),
        java.time.Duration.ofDays(
            settings.intValue(
                AUDIT_RETENTION_DAYS,
                (int) CatalogConfig.AUDIT_RETENTION_DEFAULT.toDays(),
                1,
                36_500)),
        nodeId(settings.get(NODE_ID)),
        java.time.Duration.ofSeconds(
            settings.intValue(
                NODE_LEASE_SECONDS,
                (int) CatalogConfig.NODE_LEASE_DEFAULT.toSeconds(),
                (int) CatalogConfig.NODE_LEASE_MIN.toSeconds(),
                (int) CatalogConfig.NODE_LEASE_MAX.toSeconds())));
  }

  private static String nodeId(String given) {
    if (given != null && !given.matches(NodeIdentity.ID)) {
      throw new UsageException(
          "Invalid "
              + NODE_ID
              + ": "
              + given
              + " (letters, digits, '.', '_' and '-', at most 128, starting with a letter or"
              + " digit)");
    }
    return given;
  }

  private static AuthConfig auth(Settings settings) {
    boolean enabled = settings.booleanValue(AUTH_ENABLED, AuthConfig.DEFAULT.enabled());
    AuthConfig auth =
        new AuthConfig(
            enabled,
            java.time.Duration.ofMinutes(
                settings.intValue(
                    AUTH_TOKEN_MINUTES,
                    (int) AuthConfig.TOKEN_LIFETIME_DEFAULT.toMinutes(),
                    (int) AuthConfig.TOKEN_LIFETIME_MIN.toMinutes(),
                    (int) AuthConfig.TOKEN_LIFETIME_MAX.toMinutes())));
    String issuer = settings.get(OIDC_ISSUER);
    if (issuer == null) {
      for (String key :
          List.of(OIDC_AUDIENCE, OIDC_PRINCIPAL_CLAIM, OIDC_ROLES_CLAIM, OIDC_ROLE_PREFIX)) {
        if (settings.get(key) != null) {
          throw new UsageException(key + " is set but " + OIDC_ISSUER + " is not: set both");
        }
      }
      return auth;
    }
    if (!enabled) {
      throw new UsageException(
          OIDC_ISSUER + " is set but " + AUTH_ENABLED + " is false: remove one of them");
    }
    try {
      return auth.with(
          new OidcProvider(
              URI.create(issuer),
              settings.get(OIDC_AUDIENCE, OidcProvider.AUDIENCE_DEFAULT),
              settings.get(OIDC_PRINCIPAL_CLAIM, OidcProvider.PRINCIPAL_CLAIM_DEFAULT),
              settings.get(OIDC_ROLES_CLAIM, OidcProvider.ROLES_CLAIM_DEFAULT),
              settings.get(OIDC_ROLE_PREFIX, OidcProvider.ROLE_PREFIX_DEFAULT)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The object storage.
   *
   * @param embedded whether Firn runs its own S3 server in the data folder
   * @param endpoint the S3 endpoint; null for AWS's own endpoints (or the embedded server)
   * @param clientEndpoint the endpoint handed to clients, when they reach storage by another
   *     address than Firn does (as from outside a compose network); null means {@code endpoint}
   * @param region the signing region
   * @param accessKeyId the access key, or null for the AWS default credential chain
   * @param secretAccessKey the secret key; for the embedded store, null until {@code firn serve}
   *     reads it from the data folder
   * @param warehouse the warehouse location, {@code s3://bucket[/path]}
   * @param pathStyleAccess whether to address buckets in the path (MinIO, S3Proxy)
   * @param createBucket whether to create the warehouse bucket if it is missing
   * @param shareCredentials whether {@code /v1/config} hands the keys to clients (by default only
   *     the embedded store's, and only while the catalog listens on loopback)
   * @param embeddedPort the embedded server's port
   */
  record StorageConfig(
      boolean embedded,
      URI endpoint,
      URI clientEndpoint,
      String region,
      String accessKeyId,
      String secretAccessKey,
      String warehouse,
      boolean pathStyleAccess,
      boolean createBucket,
      boolean shareCredentials,
      int embeddedPort) {

    static final String TYPE = "storage.type";
    static final String ENDPOINT = "storage.endpoint";
    static final String CLIENT_ENDPOINT = "storage.client-endpoint";
    static final String REGION = "storage.region";
    static final String ACCESS_KEY_ID = "storage.access-key-id";
    static final String SECRET_ACCESS_KEY = "storage.secret-access-key";
    static final String WAREHOUSE = "storage.warehouse";
    static final String PATH_STYLE_ACCESS = "storage.path-style-access";
    static final String CREATE_BUCKET = "storage.create-bucket";
    static final String SHARE_CREDENTIALS = "storage.share-credentials";
    static final String SHARE_CREDENTIALS_OFF_LOOPBACK = "storage.share-credentials-off-loopback";
    static final String EMBEDDED_PORT = "storage.embedded-port";

    static final String WAREHOUSE_DEFAULT = "s3://" + EmbeddedS3.DEFAULT_BUCKET;
    static final int EMBEDDED_PORT_DEFAULT = 8182;

    StorageConfig {
      if (!warehouse.matches("s3[an]?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
        throw new UsageException(
            "Invalid " + WAREHOUSE + ": " + warehouse + " (must be s3://bucket[/path])");
      }
      if (!embedded && (accessKeyId == null) != (secretAccessKey == null)) {
        throw new UsageException(
            "Invalid storage credentials: set both "
                + ACCESS_KEY_ID
                + " and "
                + SECRET_ACCESS_KEY
                + ", or neither");
      }
    }

    /**
     * The storage settings, checked against the interface the catalog binds: keys handed out on a
     * catalog that other machines reach go to anyone who reaches it.
     */
    static StorageConfig from(Settings settings, String catalogHost) {
      String endpoint = settings.get(ENDPOINT);
      String type = settings.get(TYPE, endpoint == null ? "embedded" : "s3");
      if (!type.equals("embedded") && !type.equals("s3")) {
        throw new UsageException("Invalid " + TYPE + ": " + type + " (must be embedded or s3)");
      }
      boolean embedded = type.equals("embedded");
      if (embedded && endpoint != null) {
        throw new UsageException(
            "Invalid "
                + ENDPOINT
                + ": "
                + endpoint
                + " (the embedded store has its own; set "
                + TYPE
                + "=s3 to use another)");
      }
      String accessKeyId =
          settings.get(ACCESS_KEY_ID, embedded ? EmbeddedS3.DEFAULT_ACCESS_KEY_ID : null);
      String secretAccessKey = settings.get(SECRET_ACCESS_KEY);
      boolean loopback = LoopbackHost.matches(catalogHost);
      boolean shareCredentials = settings.booleanValue(SHARE_CREDENTIALS, embedded && loopback);
      boolean offLoopbackAllowed = settings.booleanValue(SHARE_CREDENTIALS_OFF_LOOPBACK, false);
      if (shareCredentials && !loopback && !offLoopbackAllowed) {
        throw new UsageException(
            "Refusing "
                + SHARE_CREDENTIALS
                + "=true with "
                + CATALOG_HOST
                + " "
                + catalogHost
                + ": /v1/config would hand the storage keys to anyone who reaches the catalog (bind"
                + " a loopback address, set "
                + SHARE_CREDENTIALS
                + "=false, or set "
                + SHARE_CREDENTIALS_OFF_LOOPBACK
                + "=true if all of them may hold the keys)");
      }
      return new StorageConfig(
          embedded,
          endpoint == null ? null : parseEndpoint(ENDPOINT, endpoint),
          settings.get(CLIENT_ENDPOINT) == null
              ? null
              : parseEndpoint(CLIENT_ENDPOINT, settings.get(CLIENT_ENDPOINT)),
          settings.get(REGION, EmbeddedS3.DEFAULT_REGION),
          accessKeyId,
          secretAccessKey,
          settings.get(WAREHOUSE, WAREHOUSE_DEFAULT),
          settings.booleanValue(PATH_STYLE_ACCESS, true),
          settings.booleanValue(CREATE_BUCKET, false),
          shareCredentials,
          settings.intValue(EMBEDDED_PORT, EMBEDDED_PORT_DEFAULT, 0, 65535));
    }

    /** These settings with the secret key set, as read for the embedded store. */
    StorageConfig withSecretAccessKey(String key) {
      return new StorageConfig(
          embedded,
          endpoint,
          clientEndpoint,
          region,
          accessKeyId,
          key,
          warehouse,
          pathStyleAccess,
          createBucket,
          shareCredentials,
          embeddedPort);
    }

    /** The bucket named by the warehouse location. */
    String bucket() {
      String rest = warehouse.substring(warehouse.indexOf("://") + 3);
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static URI parseEndpoint(String key, String value) {
      URI uri;
      try {
        uri = URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new UsageException("Invalid " + key + ": " + value, e);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new UsageException(
            "Invalid " + key + ": " + value + " (must be http://host:port or https://...)");
      }
      return uri;
    }
  }
}
