package dev.firn.catalog.rest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RemoteSignRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/** The REST operations Firn serves: Iceberg's endpoint (method and path) and the request body. */
enum Route {
  LIST_NAMESPACES(Endpoint.V1_LIST_NAMESPACES, null),
  CREATE_NAMESPACE(Endpoint.V1_CREATE_NAMESPACE, CreateNamespaceRequest.class),
  LOAD_NAMESPACE(Endpoint.V1_LOAD_NAMESPACE, null),
  NAMESPACE_EXISTS(Endpoint.V1_NAMESPACE_EXISTS, null),
  DROP_NAMESPACE(Endpoint.V1_DELETE_NAMESPACE, null),
  UPDATE_NAMESPACE(Endpoint.V1_UPDATE_NAMESPACE, UpdateNamespacePropertiesRequest.class),
  LIST_TABLES(Endpoint.V1_LIST_TABLES, null),
  CREATE_TABLE(Endpoint.V1_CREATE_TABLE, CreateTableRequest.class),
  REGISTER_TABLE(Endpoint.V1_REGISTER_TABLE, RegisterTableRequest.class),
  LOAD_TABLE(Endpoint.V1_LOAD_TABLE, null),
  TABLE_EXISTS(Endpoint.V1_TABLE_EXISTS, null),
  UPDATE_TABLE(Endpoint.V1_UPDATE_TABLE, UpdateTableRequest.class),
  DROP_TABLE(Endpoint.V1_DELETE_TABLE, null),
  RENAME_TABLE(Endpoint.V1_RENAME_TABLE, RenameTableRequest.class),
  COMMIT_TRANSACTION(Endpoint.V1_COMMIT_TRANSACTION, CommitTransactionRequest.class),
  REPORT_METRICS(Endpoint.V1_REPORT_METRICS, ReportMetricsRequest.class),
  LIST_VIEWS(Endpoint.V1_LIST_VIEWS, null),
  CREATE_VIEW(Endpoint.V1_CREATE_VIEW, CreateViewRequest.class),
  REGISTER_VIEW(Endpoint.V1_REGISTER_VIEW, RegisterViewRequest.class),
  LOAD_VIEW(Endpoint.V1_LOAD_VIEW, null),
  VIEW_EXISTS(Endpoint.V1_VIEW_EXISTS, null),
  REPLACE_VIEW(Endpoint.V1_UPDATE_VIEW, UpdateTableRequest.class),
  DROP_VIEW(Endpoint.V1_DELETE_VIEW, null),
  RENAME_VIEW(Endpoint.V1_RENAME_VIEW, RenameTableRequest.class),
  REMOTE_SIGN(Endpoint.V1_TABLE_REMOTE_SIGN, RemoteSignRequest.class);

  private final Endpoint endpoint;
  private final Class<? extends RESTRequest> requestClass;
  private final String[] template;

  Route(Endpoint endpoint, Class<? extends RESTRequest> requestClass) {
    this.endpoint = endpoint;
    this.requestClass = requestClass;
    this.template = segments(endpoint.path());
  }

  Endpoint endpoint() {
    return endpoint;
  }

  String method() {
    return endpoint.httpMethod();
  }

  /** The request body type, or null when the operation takes none. */
  Class<? extends RESTRequest> requestClass() {
    return requestClass;
  }

  /** Whether the operation changes the catalog; such requests honour {@code Idempotency-Key}. */
  boolean isMutation() {
    String method = method();
    return (method.equals("POST") || method.equals("DELETE"))
        && this != REPORT_METRICS
        && this != REMOTE_SIGN;
  }

  /** Every endpoint Firn serves, for the {@code endpoints} list of {@code /v1/config}. */
  static List<Endpoint> endpoints() {
    return Arrays.stream(values()).map(Route::endpoint).toList();
  }

  /**
   * Matches raw (still percent-encoded) path segments against this route's template; the result
   * maps each {@code {variable}} to its raw segment.
   */
  Optional<Map<String, String>> match(String[] path) {
    if (path.length != template.length) {
      return Optional.empty();
    }
    Map<String, String> variables = new java.util.HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String expected = template[i];
      if (expected.startsWith("{") && expected.endsWith("}")) {
        variables.put(expected.substring(1, expected.length() - 1), path[i]);
      } else if (!expected.equals(path[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }

  static String[] segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.split("/", -1);
  }
}
