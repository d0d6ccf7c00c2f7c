package dev.firn.testing;

import dev.firn.s3.EmbeddedS3;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Hands a test an {@link S3Endpoint}: a parameter of that type in a test, lifecycle method or
 * constructor is resolved to a running server, started once per test JVM and stopped at its end.
 *
 * <p>The backend is, in this order: the one a {@link UseS3Backend} annotation asks for; the one
 * named by {@code FIRN_TEST_S3} ({@code s3proxy}, {@code minio} or {@code external}); an external
 * endpoint when {@code FIRN_TEST_S3_ENDPOINT} is set; MinIO when a Docker engine is reachable;
 * otherwise S3Proxy in the test JVM. MinIO tests are skipped, not failed, without Docker.
 */
public final class S3EndpointExtension implements ParameterResolver, ExecutionCondition {
  private static final Logger LOG = LoggerFactory.getLogger(S3EndpointExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(S3EndpointExtension.class);

  static final String BACKEND_ENV = "FIRN_TEST_S3";
  static final String ENDPOINT_ENV = "FIRN_TEST_S3_ENDPOINT";
  static final String REGION_ENV = "FIRN_TEST_S3_REGION";
  static final String ACCESS_KEY_ENV = "FIRN_TEST_S3_ACCESS_KEY_ID";
  static final String SECRET_KEY_ENV = "FIRN_TEST_S3_SECRET_ACCESS_KEY";
  static final String BUCKET_ENV = "FIRN_TEST_S3_BUCKET";
  static final String TEST_BUCKET = "firn-test";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (requested(context).orElse(null) == S3Backend.MINIO && !DockerProbe.available()) {
      return ConditionEvaluationResult.disabled(
          "No Docker engine is reachable: MinIO tests are skipped here");
    }
    return ConditionEvaluationResult.enabled("S3 backend available");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S3Endpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    S3Backend backend = requested(context).orElseGet(S3EndpointExtension::fromEnvironment);
    if (backend == S3Backend.MINIO && !DockerProbe.available()) {
      throw new IllegalStateException(
          BACKEND_ENV + " asks for MinIO, but no Docker engine is reachable");
    }
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    return store
        .getOrComputeIfAbsent(backend, S3EndpointExtension::start, RunningEndpoint.class)
        .endpoint();
  }

  private static Optional<S3Backend> requested(ExtensionContext context) {
    Optional<UseS3Backend> onMethod =
        context
            .getTestMethod()
            .flatMap(m -> AnnotationSupport.findAnnotation(m, UseS3Backend.class));
    if (onMethod.isPresent()) {
      return onMethod.map(UseS3Backend::value);
    }
    return context
        .getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, UseS3Backend.class))
        .map(UseS3Backend::value);
  }

  /** The backend the environment selects for tests that do not ask for one. */
  public static S3Backend fromEnvironment() {
    String choice = System.getenv(BACKEND_ENV);
    if (choice != null && !choice.isBlank() && !choice.equalsIgnoreCase("auto")) {
      try {
        return S3Backend.valueOf(choice.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Invalid " + BACKEND_ENV + ": " + choice + " (must be s3proxy, minio or external)", e);
      }
    }
    if (System.getenv(ENDPOINT_ENV) != null) {
      return S3Backend.EXTERNAL;
    }
    return DockerProbe.available() ? S3Backend.MINIO : S3Backend.S3PROXY;
  }

  private static RunningEndpoint start(S3Backend backend) {
    LOG.info("Tests use S3 backend {}", backend);
    return switch (backend) {
      case S3PROXY -> startS3Proxy();
      case MINIO -> startMinio();
      case EXTERNAL -> external();
    };
  }

  private static RunningEndpoint startS3Proxy() {
    EmbeddedS3 server = EmbeddedS3.builder().bucket(TEST_BUCKET).start();
    return new RunningEndpoint(S3Endpoint.of(server), server);
  }

  private static RunningEndpoint startMinio() {
    DockerImageName image =
        DockerImageName.parse(ContainerImages.minio()).asCompatibleSubstituteFor("minio/minio");
    MinIOContainer container = new MinIOContainer(image);
    container.start();
    S3Endpoint endpoint =
        new S3Endpoint(
            S3Backend.MINIO,
            URI.create(container.getS3URL()),
            "us-east-1",
            container.getUserName(),
            container.getPassword(),
            TEST_BUCKET);
    try (var client = endpoint.client()) {
      client.createBucket(b -> b.bucket(TEST_BUCKET));
    }
    return new RunningEndpoint(endpoint, container::stop);
  }

  private static RunningEndpoint external() {
    String uri = required(ENDPOINT_ENV);
    String region = Optional.ofNullable(System.getenv(REGION_ENV)).orElse("us-east-1");
    S3Endpoint endpoint =
        new S3Endpoint(
            S3Backend.EXTERNAL,
            URI.create(uri),
            region,
            required(ACCESS_KEY_ENV),
            required(SECRET_KEY_ENV),
            required(BUCKET_ENV));
    return new RunningEndpoint(endpoint, () -> {});
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "Missing environment variable " + variable + " for the external S3 test endpoint");
    }
    return value;
  }

  /** An endpoint and what stops it; JUnit closes it when the test JVM's root context ends. */
  private record RunningEndpoint(S3Endpoint endpoint, AutoCloseable stopper)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopper.close();
    }
  }
}
