package dev.firn.catalog;

import dev.firn.catalog.access.AuthConfig;
import dev.firn.catalog.rest.AllowList;
import dev.firn.catalog.store.DatabaseConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the catalog service needs to start, with Firn's defaults in one place.
 *
 * @param host the interface the REST service binds
 * @param port the REST service's port, 0 for any free one
 * @param managementPort the port of the health and readiness endpoints, 0 for any free one, -1 for
 *     none
 * @param warehouseName the warehouse's name: the REST prefix and the catalog name in the database
 * @param warehouseLocation where table folders go, e.g. {@code s3://warehouse}
 * @param database the catalog database
 * @param storage the server's own {@code S3FileIO} properties ({@code s3.*}, {@code client.*})
 * @param clientStorage the storage properties handed to clients through {@code /v1/config}
 * @param maxThreads the most requests served at once
 * @param maxRequestBytes the largest request body accepted
 * @param idempotencyKeyLifetime how long a client may retry with the same {@code Idempotency-Key}
 * @param propertyRule the rule properties set on namespaces and tables must pass
 * @param rebaseAppends whether an append that lost a race on its branch is put on top of the new
 *     head by the catalog, instead of being answered with 409
 * @param managementHost the interface the management port binds, independent of {@code host}
 * @param managementMaxRequestBytes the largest request body the management port accepts
 * @param allowList the hosts clients may name and the web origins that may call, on both ports,
 *     besides loopback names and the bound address
 * @param auth how callers authenticate; off only when every port binds a loopback address
 * @param auditRetention how long the audit trail keeps an entry
 * @param nodeId this node's id among the nodes serving the warehouse, kept across restarts; null
 *     for one made at start (a node that restarts is then a new one)
 * @param nodeLease how long after its last heartbeat a node counts as gone, and the work it held
 *     (maintenance leases, idempotent requests) passes to others
 * @param nodeIdExclusive whether no other process can run as {@code nodeId} (its data folder is
 *     locked): a restart then takes over at once; otherwise a node id whose heartbeat is fresh is
 *     refused
 */
public record CatalogConfig(
    String host,
    int port,
    int managementPort,
    String warehouseName,
    String warehouseLocation,
    DatabaseConfig database,
    Map<String, String> storage,
    Map<String, String> clientStorage,
    int maxThreads,
    long maxRequestBytes,
    Duration idempotencyKeyLifetime,
    PropertyRule propertyRule,
    boolean rebaseAppends,
    String managementHost,
    long managementMaxRequestBytes,
    AllowList allowList,
    AuthConfig auth,
    Duration auditRetention,
    String nodeId,
    Duration nodeLease,
    boolean nodeIdExclusive) {

  public static final String HOST_DEFAULT = "127.0.0.1";
  public static final int PORT_DEFAULT = 8181;
  public static final int MANAGEMENT_PORT_DEFAULT = 8190;
  public static final String WAREHOUSE_NAME_DEFAULT = "firn";
  public static final int MAX_THREADS_DEFAULT = 64;
  public static final long MAX_REQUEST_BYTES_DEFAULT = 16L * 1024 * 1024;
  public static final Duration IDEMPOTENCY_KEY_LIFETIME_DEFAULT = Duration.ofMinutes(30);
  public static final boolean REBASE_APPENDS_DEFAULT = true;
  public static final String MANAGEMENT_HOST_DEFAULT = "127.0.0.1";
  public static final long MANAGEMENT_MAX_REQUEST_BYTES_DEFAULT = 1024L * 1024;
  public static final AllowList ALLOW_LIST_DEFAULT = AllowList.LOOPBACK;
  public static final Duration AUDIT_RETENTION_DEFAULT = Duration.ofDays(90);
  public static final Duration NODE_LEASE_DEFAULT = Duration.ofSeconds(30);
  public static final Duration NODE_LEASE_MIN = Duration.ofSeconds(3);
  public static final Duration NODE_LEASE_MAX = Duration.ofHours(1);

  public CatalogConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(propertyRule, "propertyRule");
    Objects.requireNonNull(managementHost, "managementHost");
    Objects.requireNonNull(allowList, "allowList");
    Objects.requireNonNull(auth, "auth");
    storage = Map.copyOf(storage);
    clientStorage = Map.copyOf(clientStorage);
    checkPort("port", port, 0);
    checkPort("management-port", managementPort, -1);
    if (warehouseName == null || !warehouseName.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException(
          "Invalid warehouse name: "
              + warehouseName
              + " (letters, digits, '_' and '-', at most 63, starting with a letter or digit)");
    }
    if (warehouseLocation == null || !warehouseLocation.matches("s3[an]?://[^/]+(/.*)?")) {
      throw new IllegalArgumentException(
          "Invalid warehouse location: " + warehouseLocation + " (must be s3://bucket[/path])");
    }
    if (maxThreads < 8) {
      throw new IllegalArgumentException("Invalid max-threads: " + maxThreads + " (must be >= 8)");
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "Invalid max-request-bytes: " + maxRequestBytes + " (must be >= 1024)");
    }
    if (managementMaxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "Invalid management-max-request-bytes: "
              + managementMaxRequestBytes
              + " (must be >= 1024)");
    }
    if (idempotencyKeyLifetime == null || idempotencyKeyLifetime.toSeconds() < 60) {
      throw new IllegalArgumentException(
          "Invalid idempotency-key-lifetime: " + idempotencyKeyLifetime + " (must be >= PT1M)");
    }
    if (auditRetention == null || auditRetention.toHours() < 1) {
      throw new IllegalArgumentException(
          "Invalid audit retention: " + auditRetention + " (must be >= PT1H)");
    }
    if (nodeId != null && !nodeId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException(
          "Invalid node id: "
              + nodeId
              + " (letters, digits, '.', '_' and '-', at most 128, starting with a letter or"
              + " digit)");
    }
    if (nodeLease == null
        || nodeLease.compareTo(NODE_LEASE_MIN) < 0
        || nodeLease.compareTo(NODE_LEASE_MAX) > 0) {
      throw new IllegalArgumentException(
          "Invalid node lease: "
              + nodeLease
              + " (must be "
              + NODE_LEASE_MIN
              + ".."
              + NODE_LEASE_MAX
              + ")");
    }
    if (!auth.enabled()) {
      String exposed =
          !LoopbackHost.matches(host)
              ? host
              : managementPort >= 0 && !LoopbackHost.matches(managementHost)
                  ? managementHost
                  : null;
      if (exposed != null) {
        throw new IllegalArgumentException(
            "Authentication can only be off when every port binds a loopback address, and "
                + exposed
                + " is not one: bind 127.0.0.1 or turn authentication on");
      }
    }
  }

  private static void checkPort(String name, int port, int lowest) {
    if (port < lowest || port > 65535) {
      throw new IllegalArgumentException(
          "Invalid " + name + ": " + port + " (must be " + lowest + "..65535)");
    }
  }

  /** A builder with Firn's defaults for everything but storage and database. */
  public static Builder builder(
      String warehouseLocation,
      DatabaseConfig database,
      Map<String, String> storage,
      Map<String, String> clientStorage) {
    return new Builder(warehouseLocation, database, storage, clientStorage);
  }

  /** Builds a {@link CatalogConfig}; unset values keep their defaults. */
  public static final class Builder {
    private final String warehouseLocation;
    private final DatabaseConfig database;
    private final Map<String, String> storage;
    private final Map<String, String> clientStorage;
    private String host = HOST_DEFAULT;
    private int port = PORT_DEFAULT;
    private int managementPort = MANAGEMENT_PORT_DEFAULT;
    private String warehouseName = WAREHOUSE_NAME_DEFAULT;
    private int maxThreads = MAX_THREADS_DEFAULT;
    private long maxRequestBytes = MAX_REQUEST_BYTES_DEFAULT;
    private Duration idempotencyKeyLifetime = IDEMPOTENCY_KEY_LIFETIME_DEFAULT;
    private PropertyRule propertyRule = PropertyRule.NONE;
    private boolean rebaseAppends = REBASE_APPENDS_DEFAULT;
    private String managementHost = MANAGEMENT_HOST_DEFAULT;
    private long managementMaxRequestBytes = MANAGEMENT_MAX_REQUEST_BYTES_DEFAULT;
    private AllowList allowList = ALLOW_LIST_DEFAULT;
    private AuthConfig auth = AuthConfig.DEFAULT;
    private Duration auditRetention = AUDIT_RETENTION_DEFAULT;
    private String nodeId;
    private Duration nodeLease = NODE_LEASE_DEFAULT;
    private boolean nodeIdExclusive;

    private Builder(
        String warehouseLocation,
        DatabaseConfig database,
        Map<String, String> storage,
        Map<String, String> clientStorage) {
      this.warehouseLocation = warehouseLocation;
      this.database = database;
      this.storage = storage;
      this.clientStorage = clientStorage;
    }

    public Builder host(String newHost) {
      this.host = newHost;
      return this;
    }

    public Builder port(int newPort) {
      this.port = newPort;
      return this;
    }

    public Builder managementPort(int newPort) {
      this.managementPort = newPort;
      return this;
    }

    public Builder warehouseName(String newName) {
      this.warehouseName = newName;
      return this;
    }

    public Builder maxThreads(int newMaxThreads) {
      this.maxThreads = newMaxThreads;
      return this;
    }

    public Builder maxRequestBytes(long newLimit) {
      this.maxRequestBytes = newLimit;
      return this;
    }

    public Builder idempotencyKeyLifetime(Duration newLifetime) {
      this.idempotencyKeyLifetime = newLifetime;
      return this;
    }

    public Builder propertyRule(PropertyRule rule) {
      this.propertyRule = rule;
      return this;
    }

    public Builder rebaseAppends(boolean rebase) {
      this.rebaseAppends = rebase;
      return this;
    }

    public Builder managementHost(String newHost) {
      this.managementHost = newHost;
      return this;
    }

    public Builder managementMaxRequestBytes(long newLimit) {
      this.managementMaxRequestBytes = newLimit;
      return this;
    }

    public Builder allowList(AllowList newAllowList) {
      this.allowList = newAllowList;
      return this;
    }

    public Builder auth(AuthConfig newAuth) {
      this.auth = newAuth;
      return this;
    }

    public Builder auditRetention(Duration retention) {
      this.auditRetention = retention;
      return this;
    }

    public Builder nodeId(String id) {
      this.nodeId = id;
      return this;
    }

    /** A node id no other process can run as, such as one kept in a locked data folder. */
    public Builder exclusiveNodeId(String id) {
      this.nodeId = id;
      this.nodeIdExclusive = true;
      return this;
    }

    public Builder nodeLease(Duration lease) {
      this.nodeLease = lease;
      return this;
    }

    public CatalogConfig build() {
      return new CatalogConfig(
          host,
          port,
          managementPort,
          warehouseName,
          warehouseLocation,
          database,
          storage,
          clientStorage,
          maxThreads,
          maxRequestBytes,
          idempotencyKeyLifetime,
          propertyRule,
          rebaseAppends,
          managementHost,
          managementMaxRequestBytes,
          allowList,
          auth,
          auditRetention,
          nodeId,
          nodeLease,
          nodeIdExclusive);
    }
  }
}
