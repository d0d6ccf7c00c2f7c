package dev.firn.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test a {@link PostgresEndpoint}, resolved once per test JVM: the server named by {@code
 * FIRN_TEST_POSTGRES_URL} (with {@code FIRN_TEST_POSTGRES_USER} and {@code
 * FIRN_TEST_POSTGRES_PASSWORD}), or else a private server started from the PostgreSQL binaries
 * installed on the machine. With neither, PostgreSQL tests are skipped, unless {@code
 * FIRN_TEST_REQUIRE_POSTGRES=true} (as in CI) turns that into a failure.
 */
public final class PostgresExtension implements ParameterResolver, ExecutionCondition {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  static final String URL_ENV = "FIRN_TEST_POSTGRES_URL";
  static final String USER_ENV = "FIRN_TEST_POSTGRES_USER";
  static final String PASSWORD_ENV = "FIRN_TEST_POSTGRES_PASSWORD";
  static final String REQUIRE_ENV = "FIRN_TEST_REQUIRE_POSTGRES";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (configuredUrl() != null || LocalPostgres.binaries().isPresent()) {
      return ConditionEvaluationResult.enabled("PostgreSQL available");
    }
    String reason = "No PostgreSQL: set " + URL_ENV + " or install PostgreSQL (initdb, pg_ctl)";
    if (Boolean.parseBoolean(System.getenv(REQUIRE_ENV))) {
      throw new IllegalStateException(reason + "; " + REQUIRE_ENV + " is set");
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  private static String configuredUrl() {
    String url = System.getenv(URL_ENV);
    return url == null || url.isBlank() ? null : url;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context).endpoint();
  }

  private static RunningServer server(ExtensionContext context) {
    String url = configuredUrl();
    if (url != null) {
      String user = System.getenv().getOrDefault(USER_ENV, "postgres");
      String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
      return new RunningServer(new PostgresEndpoint(url, user, password), () -> {});
    }
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "local",
            key -> {
              LocalPostgres local = LocalPostgres.start();
              return new RunningServer(local.endpoint(), local);
            },
            RunningServer.class);
  }

  private record RunningServer(PostgresEndpoint endpoint, AutoCloseable stopper)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopper.close();
    }
  }
}
