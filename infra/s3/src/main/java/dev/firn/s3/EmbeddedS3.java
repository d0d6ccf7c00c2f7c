package dev.firn.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server inside the JVM, for `firn serve` on embedded defaults and for tests.
 *
 * <p>It binds to the loopback interface only, keeps objects in a local folder (or in memory when no
 * folder is given), checks AWS signatures against one key pair, and creates its bucket on start.
 * Without explicit credentials each server gets a secret key of its own, generated at random;
 * {@link SecretKeyFile} keeps one across restarts.
 */
public final class EmbeddedS3 implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_BUCKET = "warehouse";
  public static final String DEFAULT_ACCESS_KEY_ID = "firn";

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final String host;
  private final String bucket;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final Path dataDirectory;

  private EmbeddedS3(Builder builder, BlobStore blobStore, String secretAccessKey) {
    this.blobStore = blobStore;
    this.host = builder.host;
    this.bucket = builder.bucket;
    this.accessKeyId = builder.accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.dataDirectory = builder.dataDirectory;
    this.proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://" + builder.host + ":" + builder.port))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, builder.accessKeyId, secretAccessKey)
            .stopTimeout(0)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint clients use, with the port actually bound. */
  public URI endpoint() {
    return URI.create("http://" + host + ":" + proxy.getPort());
  }

  public int port() {
    return proxy.getPort();
  }

  public String bucket() {
    return bucket;
  }

  public String region() {
    return DEFAULT_REGION;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** Where objects are kept, or null when they live in memory only. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Creates a further bucket (tests use one per run). Does nothing if it exists. */
  public void createBucket(String name) {
    if (!blobStore.containerExists(name)) {
      blobStore.createContainer(name);
    }
  }

  private void start() throws Exception {
    createBucket(bucket);
    proxy.start();
    LOG.info(
        "Embedded S3 listening on {} (bucket {}, {})",
        endpoint(),
        bucket,
        dataDirectory == null ? "in memory" : "data in " + dataDirectory);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      LOG.warn("Embedded S3 did not stop cleanly", e);
    } finally {
      blobStore.close();
    }
  }

  /** Settings for an {@link EmbeddedS3}; {@link #start()} starts the server. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = 0;
    private String bucket = DEFAULT_BUCKET;
    private String accessKeyId = DEFAULT_ACCESS_KEY_ID;
    private String secretAccessKey;
    private Path dataDirectory;

    private Builder() {}

    /** The interface to bind; loopback by default. */
    public Builder host(String newHost) {
      this.host = Objects.requireNonNull(newHost, "host");
      return this;
    }

    /** The port to bind; 0 (the default) picks a free one. */
    public Builder port(int newPort) {
      if (newPort < 0 || newPort > 65535) {
        throw new IllegalArgumentException("Invalid port: " + newPort + " (must be 0..65535)");
      }
      this.port = newPort;
      return this;
    }

    public Builder bucket(String newBucket) {
      this.bucket = Objects.requireNonNull(newBucket, "bucket");
      return this;
    }

    /** The key pair clients sign with; without it, {@code firn} and a new random secret key. */
    public Builder credentials(String newAccessKeyId, String newSecretAccessKey) {
      this.accessKeyId = Objects.requireNonNull(newAccessKeyId, "accessKeyId");
      this.secretAccessKey = Objects.requireNonNull(newSecretAccessKey, "secretAccessKey");
      return this;
    }

    /** Keeps objects under this folder, which survives restarts; without it they stay in memory. */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = directory;
      return this;
    }

    public EmbeddedS3 start() {
      BlobStore store;
      if (dataDirectory == null) {
        store = new TransientNio2BlobStore();
      } else {
        try {
          Files.createDirectories(dataDirectory);
        } catch (Exception e) {
          throw new IllegalStateException("Cannot create S3 data folder " + dataDirectory, e);
        }
        store = new FilesystemNio2BlobStore(dataDirectory.toAbsolutePath().toString());
      }

      EmbeddedS3 server =
          new EmbeddedS3(
              this, store, secretAccessKey == null ? SecretKeyFile.generate() : secretAccessKey);
      try {
        server.start();
        return server;
      } catch (Exception e) {
        server.close();
        throw new IllegalStateException(
            "Cannot start the embedded S3 server on " + host + ":" + port + ": " + e.getMessage(),
            e);
      }
    }
  }
}
