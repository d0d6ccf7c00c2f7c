package dev.firn.cli;

import dev.firn.catalog.CatalogConfig;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.access.Credential;
import dev.firn.cli.ServeConfig.StorageConfig;
import dev.firn.maintenance.policy.PolicyKey;
import dev.firn.s3.EmbeddedS3;
import dev.firn.s3.PrivateFile;
import dev.firn.s3.SecretKeyFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Everything {@code firn serve} runs: the embedded S3 server if configured, and the catalog. */
final class ServeStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServeStack.class);

  /** The file of the data folder keeping the embedded store's secret key. */
  static final String EMBEDDED_SECRET_FILE = "s3-credentials.properties";

  /** The file of the data folder holding the root principal's credential, owner-only. */
  static final String ROOT_CREDENTIAL_FILE = "root.credential";

  private final ServeConfig config;
  private final StorageConfig storage;
  private final EmbeddedS3 embedded;
  private final CatalogServer catalog;
  private final ServeMaintenance maintenance;
  private final NodeIdentity node;

  private ServeStack(
      ServeConfig config,
      StorageConfig storage,
      EmbeddedS3 embedded,
      CatalogServer catalog,
      ServeMaintenance maintenance,
      NodeIdentity node) {
    this.config = config;
    this.storage = storage;
    this.embedded = embedded;
    this.catalog = catalog;
    this.maintenance = maintenance;
    this.node = node;
  }

  static ServeStack start(ServeConfig config) {
    NodeIdentity node = NodeIdentity.claim(config.dataDirectory(), config.nodeId());
    StorageConfig storage;
    try {
      storage = withEmbeddedSecret(config.storage(), config.dataDirectory());
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    EmbeddedS3 embedded = null;
    try {
      URI endpoint = storage.endpoint();
      if (storage.embedded()) {
        embedded = startEmbedded(storage, config.dataDirectory(), storage.embeddedPort());
        endpoint = embedded.endpoint();
      } else if (storage.createBucket()) {
        createBucketIfMissing(storage, endpoint);
      }
      CatalogConfig.Builder catalogSettings = catalogSettings(config, storage, endpoint);
      // A node id kept in the locked data folder is this process's alone; a configured one may be
      // given to two processes by mistake, and then the second is refused while the first runs.
      CatalogConfig catalogConfig =
          (config.nodeId() == null
                  ? catalogSettings.exclusiveNodeId(node.id())
                  : catalogSettings.nodeId(node.id()))
              .build();
      CatalogServer catalog = CatalogServer.start(catalogConfig);
      try {
        catalog
            .createdRootCredential()
            .ifPresent(root -> writeRootCredential(config.dataDirectory(), root));
        return new ServeStack(
            config,
            storage,
            embedded,
            catalog,
            ServeMaintenance.start(catalog, config.maintenance(), config.dataDirectory()),
            node);
      } catch (RuntimeException e) {
        catalog.close();
        throw e;
      }
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      node.close();
      throw e;
    }
  }

  static EmbeddedS3 startEmbedded(StorageConfig storage, Path dataDirectory, int port) {
    return EmbeddedS3.builder()
        .port(port)
        .bucket(storage.bucket())
        .credentials(storage.accessKeyId(), storage.secretAccessKey())
        .dataDirectory(dataDirectory.resolve("s3"))
        .start();
  }

  /** The catalog's settings from firn serve's, with storage reached at {@code endpoint}. */
  static CatalogConfig.Builder catalogSettings(
      ServeConfig config, StorageConfig storage, URI endpoint) {
    return CatalogConfig.builder(
            storage.warehouse(),
            config.database(),
            serverStorage(storage, endpoint),
            clientStorage(storage, clientEndpoint(storage, endpoint)))
        .host(config.host())
        .port(config.port())
        .managementPort(config.managementPort())
        .managementHost(config.managementHost())
        .allowList(config.allowList())
        .warehouseName(config.warehouseName())
        .rebaseAppends(config.rebaseAppends())
        .propertyRule(PolicyKey::validate)
        .auth(config.auth())
        .auditRetention(config.auditRetention())
        .nodeLease(config.nodeLease());
  }

  /**
   * The storage settings with the embedded store's secret key, unless one is set: the key kept in
   * the data folder, generated there on the first start.
   */
  static StorageConfig withEmbeddedSecret(StorageConfig storage, Path dataDirectory) {
    if (!storage.embedded() || storage.secretAccessKey() != null) {
      return storage;
    }
    return storage.withSecretAccessKey(
        SecretKeyFile.readOrCreate(dataDirectory.resolve(EMBEDDED_SECRET_FILE)));
  }

  /**
   * Keeps the root credential of a first start in the data folder, readable by its owner only: the
   * catalog stores only its hash, so this file and the one printout are all there is of it.
   */
  private static void writeRootCredential(Path dataDirectory, Credential root) {
    Path file = dataDirectory.resolve(ROOT_CREDENTIAL_FILE);
    try {
      PrivateFile.write(file, root.value() + "\n");
      LOG.info("Wrote the root principal's credential to {}", file);
    } catch (IOException e) {
      // The printout still shows it; the file is a convenience.
      LOG.warn("Cannot write the root credential to {}: {}", file, e.toString());
    }
  }

  /** The root credential kept in the data folder, if the file is there and readable. */
  static Optional<Credential> rootCredential(Path dataDirectory) {
    Path file = dataDirectory.resolve(ROOT_CREDENTIAL_FILE);
    try {
      return java.nio.file.Files.isReadable(file)
          ? Optional.of(Credential.parse(java.nio.file.Files.readString(file).trim()))
          : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("Cannot read the root credential in {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** Where clients reach storage: the client endpoint if one is set, else Firn's own. */
  static URI clientEndpoint(StorageConfig storage, URI endpoint) {
    return storage.clientEndpoint() != null ? storage.clientEndpoint() : endpoint;
  }

  /** The properties of the catalog's own {@code S3FileIO}. */
  static Map<String, String> serverStorage(StorageConfig storage, URI endpoint) {
    return storageProperties(storage, endpoint, storage.accessKeyId() != null);
  }

  /**
   * The storage properties handed to clients: where the files are and, only when sharing is on (the
   * default for the embedded store), the keys to read them.
   */
  static Map<String, String> clientStorage(StorageConfig storage, URI endpoint) {
    Map<String, String> properties =
        storageProperties(
            storage, endpoint, storage.shareCredentials() && storage.accessKeyId() != null);
    // PyIceberg reads the region under this name.
    properties.put("s3.region", storage.region());
    return properties;
  }

  private static Map<String, String> storageProperties(
      StorageConfig storage, URI endpoint, boolean withKeys) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (endpoint != null) {
      properties.put("s3.endpoint", endpoint.toString());
    }
    properties.put("s3.path-style-access", String.valueOf(storage.pathStyleAccess()));
    properties.put("client.region", storage.region());
    if (withKeys) {
      properties.put("s3.access-key-id", storage.accessKeyId());
      properties.put("s3.secret-access-key", storage.secretAccessKey());
    }
    return properties;
  }

  private static void createBucketIfMissing(StorageConfig storage, URI endpoint) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(storage.region()))
            .forcePathStyle(storage.pathStyleAccess())
            .httpClientBuilder(ApacheHttpClient.builder())
            .credentialsProvider(
                storage.accessKeyId() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                            storage.accessKeyId(), storage.secretAccessKey())));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    try (S3Client client = builder.build()) {
      try {
        client.headBucket(b -> b.bucket(storage.bucket()));
      } catch (S3Exception e) {
        // A HEAD answers a missing bucket with a bare 404, not always as NoSuchBucket.
        if (e.statusCode() != 404) {
          throw e;
        }
        try {
          client.createBucket(b -> b.bucket(storage.bucket()));
          LOG.info("Created bucket {}", storage.bucket());
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException raced) {
          // Another node starting at the same time made it first; this one must reach it too.
          client.headBucket(b -> b.bucket(storage.bucket()));
          LOG.info("Bucket {} was created by another node", storage.bucket());
        }
      }
    }
  }

  ServeConfig config() {
    return config;
  }

  /** The storage settings in use, with the embedded store's secret key. */
  StorageConfig storage() {
    return storage;
  }

  CatalogServer catalog() {
    return catalog;
  }

  Optional<EmbeddedS3> embeddedStorage() {
    return Optional.ofNullable(embedded);
  }

  @Override
  public void close() {
    try {
      if (maintenance != null) {
        maintenance.close();
      }
      catalog.close();
    } finally {
      try {
        if (embedded != null) {
          embedded.close();
        }
      } finally {
        node.close();
      }
    }
  }
}
