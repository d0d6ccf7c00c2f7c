package dev.firn.cli;

import dev.firn.catalog.CatalogConfig;
import dev.firn.catalog.access.Credential;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.rest.RESTCatalog;
import picocli.CommandLine.Option;

/** How a client command reaches a Firn catalog (or any Iceberg REST catalog). */
final class CatalogOptions {
  static final String DEFAULT_URI = "http://127.0.0.1:8181";
  static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

  @Option(
      names = "--catalog-uri",
      paramLabel = "URI",
      description =
          "REST catalog URI (default: $FIRN_CATALOG_URI, else the host and port firn serve reads"
              + " from --config and FIRN_CATALOG_HOST/FIRN_CATALOG_PORT, else "
              + DEFAULT_URI
              + ").")
  String uri;

  @Option(
      names = "--warehouse",
      paramLabel = "NAME",
      description =
          "Warehouse name (default: $FIRN_WAREHOUSE, else firn serve's catalog.warehouse-name,"
              + " else firn).")
  String warehouse;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The settings file firn serve reads, to find its catalog.")
  Path configFile;

  @Option(
      names = "--credential",
      paramLabel = "ID:SECRET",
      description =
          "The principal's credential (default: $FIRN_CREDENTIAL, else the root credential firn"
              + " serve keeps in its data folder). Prefer the variable: options show in ps.")
  String credential;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "A bearer token instead of a credential (default: $FIRN_TOKEN).")
  String token;

  @Option(
      names = {"-P", "--catalog-property"},
      paramLabel = "KEY=VALUE",
      description = "An extra Iceberg client property, e.g. -P s3.endpoint=http://minio:9000.")
  Map<String, String> properties = new LinkedHashMap<>();

  /**
   * The catalog URI: the option, {@code FIRN_CATALOG_URI}, the host and port {@code firn serve}
   * reads from the same settings file and variables, or the default.
   */
  String uri(Map<String, String> environment) {
    String given = firstOf(uri, environment.get("FIRN_CATALOG_URI"));
    if (given != null) {
      return checkUri(given);
    }
    Settings settings = serveSettings(environment);
    String host = settings.get(ServeConfig.CATALOG_HOST, CatalogConfig.HOST_DEFAULT);
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = CatalogConfig.HOST_DEFAULT;
    }
    String port =
        settings.get(ServeConfig.CATALOG_PORT, String.valueOf(CatalogConfig.PORT_DEFAULT));
    return "http://"
        + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
        + ":"
        + port;
  }

  String warehouse(Map<String, String> environment) {
    return firstOf(
        warehouse,
        environment.get("FIRN_WAREHOUSE"),
        serveSettings(environment)
            .get(ServeConfig.WAREHOUSE_NAME, CatalogConfig.WAREHOUSE_NAME_DEFAULT));
  }

  private Settings serveSettings(Map<String, String> environment) {
    if (configFile != null && !Files.isRegularFile(configFile)) {
      throw new UsageException("Cannot read settings file " + configFile + ": no such file");
    }
    return Settings.load(configFile, environment, Map.of());
  }

  /** A URI the REST client can use: http(s), with no {@code /v1} (the client adds it). */
  private static String checkUri(String text) {
    URI parsed;
    try {
      parsed = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new UsageException("Invalid catalog URI " + text + ": " + e.getMessage());
    }
    if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())
        || parsed.getHost() == null) {
      throw new UsageException(
          "Invalid catalog URI " + text + ": write it as http://HOST:PORT, e.g. " + DEFAULT_URI);
    }
    String path = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("/+$", "");
    if (path.endsWith("/v1")) {
      String fixed = text.trim().replaceAll("/+$", "");
      throw new UsageException(
          "Invalid catalog URI "
              + text
              + ": leave out /v1, the client adds it (--catalog-uri "
              + fixed.substring(0, fixed.length() - 3)
              + ")");
    }
    return text.trim();
  }

  /** A connected REST client; the caller closes it. */
  RESTCatalog connect(Map<String, String> environment) {
    Map<String, String> client = new HashMap<>();
    client.put("uri", uri(environment));
    client.put("warehouse", warehouse(environment));
    // A command ends right after its last commit: a scan report sent in the background would
    // only fail against a closed connection pool.
    client.put("rest-metrics-reporting-enabled", "false");
    // Iceberg's REST client otherwise resolves each path by its scheme: a file:// path a table's
    // metadata names would reach this machine's disk.
    String asked = properties.get(CatalogProperties.FILE_IO_IMPL);
    if (asked != null && !asked.equals(S3_FILE_IO)) {
      throw new UsageException(
          "Invalid -P "
              + CatalogProperties.FILE_IO_IMPL
              + "="
              + asked
              + ": Firn's commands read and write tables through "
              + S3_FILE_IO
              + " only (leave it out)");
    }
    signIn(client, environment);
    client.putAll(properties);
    client.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
    RESTCatalog catalog = new RESTCatalog();
    try {
      catalog.initialize("firn", client);
    } catch (RuntimeException e) {
      throw notACatalog(client.get("uri"), client.get("warehouse"), e);
    }
    return catalog;
  }

  /**
   * How the client signs in, unless {@code -P} sets it: a token ({@code --token}, {@code
   * FIRN_TOKEN}), a credential ({@code --credential}, {@code FIRN_CREDENTIAL}), or the root
   * credential {@code firn serve} keeps in the data folder of the same settings. None of them is
   * fine for a catalog that takes requests without one.
   */
  private void signIn(Map<String, String> client, Map<String, String> environment) {
    if (properties.containsKey("token") || properties.containsKey("credential")) {
      return;
    }
    SignIn signIn = signIn(environment);
    if (signIn.token() != null) {
      client.put("token", signIn.token());
      client.put("rest.auth.type", "oauth2");
    } else if (signIn.credential() != null) {
      client.put("credential", signIn.credential().value());
      client.putIfAbsent("oauth2-server-uri", tokenEndpoint(client.get("uri")));
      client.put("rest.auth.type", "oauth2");
    }
  }

  /** A token, or a credential to get one with; neither when none is given or kept. */
  record SignIn(String token, Credential credential) {}

  /** How this command signs in: see {@link #signIn(Map, Map)}. */
  SignIn signIn(Map<String, String> environment) {
    String bearer = firstOf(token, environment.get("FIRN_TOKEN"));
    if (bearer != null) {
      return new SignIn(bearer, null);
    }
    String given = firstOf(credential, environment.get("FIRN_CREDENTIAL"));
    if (given == null) {
      Path dataDirectory =
          Path.of(
              serveSettings(environment).get(ServeConfig.DATA_DIR, ServeConfig.DATA_DIR_DEFAULT));
      return new SignIn(null, ServeStack.rootCredential(dataDirectory).orElse(null));
    }
    try {
      return new SignIn(null, Credential.parse(given));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage() + " (--credential or FIRN_CREDENTIAL)");
    }
  }

  /** The token endpoint of a catalog URI. */
  static String tokenEndpoint(String catalogUri) {
    return catalogUri.replaceAll("/+$", "") + TOKENS;
  }

  /**
   * The management port's URI: {@code FIRN_MANAGEMENT_URI}, or the host and port {@code firn serve}
   * reads from the same settings, or the default.
   */
  String managementUri(String given, Map<String, String> environment) {
    String uri = firstOf(given, environment.get("FIRN_MANAGEMENT_URI"));
    if (uri != null) {
      return checkUri(uri).replaceAll("/+$", "");
    }
    Settings settings = serveSettings(environment);
    String host = settings.get(ServeConfig.MANAGEMENT_HOST, CatalogConfig.MANAGEMENT_HOST_DEFAULT);
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = CatalogConfig.MANAGEMENT_HOST_DEFAULT;
    }
    String port =
        settings.get(
            ServeConfig.MANAGEMENT_PORT, String.valueOf(CatalogConfig.MANAGEMENT_PORT_DEFAULT));
    return "http://"
        + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
        + ":"
        + port;
  }

  private static final String TOKENS = "/v1/oauth/tokens";

  /** Why a client could not start, in one line that names the fix. */
  private static RuntimeException notACatalog(String uri, String warehouse, RuntimeException e) {
    if (unreachable(e)) {
      return new CatalogUnreachableException(
          "Cannot reach the catalog at "
              + uri
              + " ("
              + rootCause(e).getMessage()
              + "); is firn serve running? Set --catalog-uri or FIRN_CATALOG_URI",
          e);
    }
    if (e instanceof NoSuchWarehouseException
        || e instanceof NotFoundException && String.valueOf(e.getMessage()).contains(warehouse)) {
      return new CatalogUnreachableException(
          "The catalog at "
              + uri
              + " has no warehouse "
              + warehouse
              + " ("
              + e.getMessage()
              + "); set --warehouse or FIRN_WAREHOUSE to the name firn serve prints",
          e);
    }
    if (e instanceof NotAuthorizedException || e instanceof ForbiddenException) {
      return new CatalogUnreachableException(
          "The catalog at "
              + uri
              + " refused this client ("
              + firstLine(e.getMessage())
              + "); give a credential with FIRN_CREDENTIAL or --credential, as firn serve printed"
              + " it",
          e);
    }
    if (e instanceof RESTException
        || e instanceof ServiceFailureException
        || e instanceof NotFoundException
        || e instanceof BadRequestException
        || e instanceof ForbiddenException
        || e instanceof NotAuthorizedException) {
      return new CatalogUnreachableException(
          "The server at "
              + uri
              + " does not answer like an Iceberg REST catalog ("
              + firstLine(rootCause(e).getMessage())
              + "); is that the S3 store's port? firn serve prints the catalog URI (default "
              + DEFAULT_URI
              + ")",
          e);
    }
    return e;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "no message";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }

  private static boolean unreachable(Throwable error) {
    return rootCause(error) instanceof java.net.ConnectException
        || rootCause(error) instanceof java.net.UnknownHostException;
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String firstOf(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
