package dev.firn.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firn.boundary.TableLocation;
import dev.firn.catalog.iceberg.FirnCatalog;
import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.ReportStore;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.RESTUtil;
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
import org.apache.iceberg.rest.responses.CreateNamespaceResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;
import org.apache.iceberg.view.BaseView;
import org.apache.iceberg.view.ViewMetadata;

/**
 * The one class that calls Iceberg's {@code CatalogHandlers}, whose signatures change between
 * Iceberg releases. It turns a matched route, its path variables, query and body into a response
 * object (null for 204).
 */
final class CatalogAdapter {
  /** How clients join namespace levels in a path segment (the spec's default). */
  static final String NAMESPACE_SEPARATOR = "%1F";

  private final FirnCatalog catalog;
  private final ReportStore reports;
  private final TablePaging paging;
  private final Map<String, String> storageConfig;
  private final RemoteSigner signer;
  private final LoadResponseCache responses =
      new LoadResponseCache(LoadResponseCache.MAX_BYTES_DEFAULT);

  CatalogAdapter(
      FirnCatalog catalog,
      ReportStore reports,
      TablePaging paging,
      Map<String, String> storageConfig,
      RemoteSigner signer) {
    this.catalog = catalog;
    this.reports = reports;
    this.paging = paging;
    // Iceberg's builders probe for null keys, which immutable maps refuse.
    this.storageConfig = new HashMap<>(storageConfig);
    this.signer = signer;
  }

  /** Answers a route; table loads and commits carry the storage settings of {@code access}. */
  /**
   * A table or view listing of the names {@code visible} lets through, paged over those names only.
   */
  RestResult list(
      Route route,
      Map<String, String> path,
      Map<String, String> query,
      java.util.function.Predicate<TableIdentifier> visible) {
    ObjectKind kind = route == Route.LIST_VIEWS ? ObjectKind.VIEW : ObjectKind.TABLE;
    return RestResult.of(paging.list(namespace(path), kind, query, visible));
  }

  RestResult handle(
      Route route,
      Map<String, String> path,
      Map<String, String> query,
      Map<String, String> headers,
      RESTRequest body,
      StorageAccess access) {
    if (route == Route.LOAD_TABLE) {
      return loadTable(table(path), query, headers.get("if-none-match"), access);
    }
    RESTResponse response = respond(route, path, query, body, access);
    if (response instanceof LoadTableResponse loaded) {
      return RestResult.of(loaded)
          .withETag(ETags.of(loaded.metadataLocation(), "all" + access.variant()));
    }
    return RestResult.of(response);
  }

  private RestResult loadTable(
      TableIdentifier id, Map<String, String> query, String ifNoneMatch, StorageAccess access) {
    SnapshotMode mode = snapshotMode(query);
    String modeName = mode.name().toLowerCase(Locale.ROOT) + access.variant();
    // One database read names the current version; the rest is answered from caches.
    String current =
        catalog
            .tableMetadataLocation(id)
            .orElseThrow(() -> new NoSuchTableException("Table does not exist: %s", id));
    String etag = ETags.of(current, modeName);
    if (ETags.matches(ifNoneMatch, etag)) {
      return RestResult.notModified(etag);
    }
    RawJson cached = responses.get(id, current, modeName);
    if (cached != null) {
      return RestResult.of(cached).withETag(etag);
    }
    LoadTableResponse loaded = withFence(id, CatalogHandlers.loadTable(catalog, id, mode), access);
    // The table may have moved on since the pointer was read: tag what was actually loaded.
    return RestResult.of(responses.put(id, loaded, modeName))
        .withETag(ETags.of(loaded.metadataLocation(), modeName));
  }

  /**
   * The answer to a mutation that applied but whose response was lost: built from the catalog's
   * current state, as the REST spec allows for idempotent replays.
   */
  RestResult currentState(
      Route route,
      Map<String, String> path,
      Map<String, String> query,
      RESTRequest body,
      StorageAccess access) {
    return switch (route) {
      case CREATE_NAMESPACE -> {
        Namespace namespace = ((CreateNamespaceRequest) body).namespace();
        yield RestResult.of(
            CreateNamespaceResponse.builder()
                .withNamespace(namespace)
                .setProperties(catalog.loadNamespaceMetadata(namespace))
                .build());
      }
      case UPDATE_NAMESPACE -> {
        UpdateNamespacePropertiesRequest request = (UpdateNamespacePropertiesRequest) body;
        yield RestResult.of(
            UpdateNamespacePropertiesResponse.builder()
                .addUpdated(request.updates().keySet())
                .addRemoved(request.removals())
                .build());
      }
      case CREATE_TABLE ->
          loadTable(
              TableIdentifier.of(namespace(path), ((CreateTableRequest) body).name()),
              query,
              null,
              access);
      case REGISTER_TABLE ->
          loadTable(
              TableIdentifier.of(namespace(path), ((RegisterTableRequest) body).name()),
              query,
              null,
              access);
      case UPDATE_TABLE -> loadTable(table(path), query, null, access);
      case CREATE_VIEW ->
          RestResult.of(
              CatalogHandlers.loadView(
                  catalog, TableIdentifier.of(namespace(path), ((CreateViewRequest) body).name())));
      case REGISTER_VIEW ->
          RestResult.of(
              CatalogHandlers.loadView(
                  catalog,
                  TableIdentifier.of(namespace(path), ((RegisterViewRequest) body).name())));
      case REPLACE_VIEW -> RestResult.of(CatalogHandlers.loadView(catalog, view(path)));
      default -> RestResult.of(null);
    };
  }

  private RESTResponse respond(
      Route route,
      Map<String, String> path,
      Map<String, String> query,
      RESTRequest body,
      StorageAccess access) {
    return switch (route) {
      case LIST_NAMESPACES -> listNamespaces(query);
      case CREATE_NAMESPACE ->
          CatalogHandlers.createNamespace(catalog, (CreateNamespaceRequest) body);
      case LOAD_NAMESPACE -> CatalogHandlers.loadNamespace(catalog, namespace(path));
      case NAMESPACE_EXISTS -> {
        CatalogHandlers.namespaceExists(catalog, namespace(path));
        yield null;
      }
      case DROP_NAMESPACE -> {
        CatalogHandlers.dropNamespace(catalog, namespace(path));
        yield null;
      }
      case UPDATE_NAMESPACE ->
          CatalogHandlers.updateNamespaceProperties(
              catalog, namespace(path), (UpdateNamespacePropertiesRequest) body);
      case LIST_TABLES -> paging.list(namespace(path), ObjectKind.TABLE, query, id -> true);
      case CREATE_TABLE -> createTable(namespace(path), (CreateTableRequest) body, access);
      case REGISTER_TABLE ->
          withFence(
              TableIdentifier.of(namespace(path), ((RegisterTableRequest) body).name()),
              CatalogHandlers.registerTable(catalog, namespace(path), (RegisterTableRequest) body),
              access);
      case LOAD_TABLE -> throw new IllegalStateException("Load table is answered above");
      case TABLE_EXISTS -> {
        CatalogHandlers.tableExists(catalog, table(path));
        yield null;
      }
      case UPDATE_TABLE ->
          withStorage(updateTable(table(path), (UpdateTableRequest) body), Map.of(), access);
      case DROP_TABLE -> {
        if (Boolean.parseBoolean(query.get("purgeRequested"))) {
          CatalogHandlers.purgeTable(catalog, table(path));
        } else {
          CatalogHandlers.dropTable(catalog, table(path));
        }
        yield null;
      }
      case RENAME_TABLE -> {
        CatalogHandlers.renameTable(catalog, (RenameTableRequest) body);
        yield null;
      }
      case COMMIT_TRANSACTION -> {
        List<UpdateTableRequest> changes = ((CommitTransactionRequest) body).tableChanges();
        changes.forEach(
            change ->
                UpdateCheck.table(change.identifier(), currentTable(change.identifier()), change));
        catalog.commitTransaction(changes);
        yield null;
      }
      case REPORT_METRICS -> {
        reportMetrics(table(path), (ReportMetricsRequest) body);
        yield null;
      }
      case LIST_VIEWS -> paging.list(namespace(path), ObjectKind.VIEW, query, id -> true);
      case CREATE_VIEW -> createView(namespace(path), (CreateViewRequest) body);
      case REGISTER_VIEW ->
          CatalogHandlers.registerView(catalog, namespace(path), (RegisterViewRequest) body);
      case LOAD_VIEW -> CatalogHandlers.loadView(catalog, view(path));
      case VIEW_EXISTS -> {
        CatalogHandlers.viewExists(catalog, view(path));
        yield null;
      }
      case REPLACE_VIEW -> replaceView(view(path), (UpdateTableRequest) body);
      case DROP_VIEW -> {
        CatalogHandlers.dropView(catalog, view(path));
        yield null;
      }
      case RENAME_VIEW -> {
        CatalogHandlers.renameView(catalog, (RenameTableRequest) body);
        yield null;
      }
      case REMOTE_SIGN -> signer.sign(catalog.boundary(table(path)), (RemoteSignRequest) body);
    };
  }

  private LoadTableResponse updateTable(TableIdentifier id, UpdateTableRequest request) {
    UpdateCheck.table(id, currentTable(id), request);
    try {
      return FirnCatalog.servingRequest(() -> CatalogHandlers.updateTable(catalog, id, request));
    } catch (CommitFailedException conflict) {
      // An append that lost a race on its branch can land on the new head without the client.
      TableMetadata rebased = catalog.rebaseAppend(id, request).orElseThrow(() -> conflict);
      return LoadTableResponse.builder().withTableMetadata(rebased).build();
    }
  }

  private RESTResponse createView(Namespace namespace, CreateViewRequest request) {
    UpdateCheck.newView(TableIdentifier.of(namespace, request.name()), request);
    return CatalogHandlers.createView(catalog, namespace, request);
  }

  private RESTResponse replaceView(TableIdentifier id, UpdateTableRequest request) {
    UpdateCheck.view(id, currentView(id), request);
    return CatalogHandlers.updateView(catalog, id, request);
  }

  /** A table's current metadata, or null when there is no such table. */
  private TableMetadata currentTable(TableIdentifier id) {
    try {
      return catalog.loadTable(id) instanceof HasTableOperations table
          ? table.operations().current()
          : null;
    } catch (NoSuchTableException e) {
      return null;
    }
  }

  /** A view's current metadata, or null when there is no such view. */
  private ViewMetadata currentView(TableIdentifier id) {
    try {
      return catalog.loadView(id) instanceof BaseView view ? view.operations().current() : null;
    } catch (NoSuchViewException e) {
      return null;
    }
  }

  private RESTResponse listNamespaces(Map<String, String> query) {
    String parentParam = query.get("parent");
    Namespace parent =
        parentParam == null || parentParam.isEmpty()
            ? Namespace.empty()
            : RESTUtil.namespaceFromQueryParam(parentParam, NAMESPACE_SEPARATOR);
    String pageSize = query.get("pageSize");
    if (pageSize == null) {
      return CatalogHandlers.listNamespaces(catalog, parent);
    }
    TablePaging.checkPageSize(pageSize);
    return CatalogHandlers.listNamespaces(catalog, parent, query.get("pageToken"), pageSize);
  }

  private RESTResponse createTable(
      Namespace namespace, CreateTableRequest request, StorageAccess access) {
    if (!request.stageCreate()) {
      return withFence(
          TableIdentifier.of(namespace, request.name()),
          CatalogHandlers.createTable(catalog, namespace, request),
          access);
    }
    // A staged table writes nothing yet: check its location now, so the client learns before it
    // writes data files there, and the later commit is checked again.
    TableIdentifier id = TableIdentifier.of(namespace, request.name());
    CreateTableRequest located = request;
    if (request.location() == null) {
      located =
          CreateTableRequest.builder()
              .withName(request.name())
              .withLocation(catalog.newLocation(id))
              .withSchema(request.schema())
              .withPartitionSpec(request.spec())
              .withWriteOrder(request.writeOrder())
              .setProperties(new HashMap<>(request.properties()))
              .stageCreate()
              .build();
    }
    catalog.checkStagedTable(id, located.location(), located.properties());
    return withFence(id, CatalogHandlers.stageTableCreate(catalog, namespace, located), access);
  }

  private void reportMetrics(TableIdentifier table, ReportMetricsRequest request) {
    if (!catalog.tableExists(table)) {
      throw new NoSuchTableException("Table does not exist: %s", table);
    }
    try {
      String json = RestJson.mapper().writeValueAsString(request);
      reports.record(
          table, request.reportType().name().toLowerCase(Locale.ROOT).replace('_', '-'), json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid metrics report: " + e.getOriginalMessage(), e);
    }
  }

  /** Adds the storage settings a client needs to read and write the table's files. */
  /**
   * Adds the storage settings and, for the client's own deletes, where the table may delete (see
   * {@link TableLocation#CONFIG_KEY}): what the catalog's registry knows, not only what the
   * metadata states. A commit's answer goes without it; clients keep the table's first settings.
   */
  private LoadTableResponse withFence(
      TableIdentifier id, LoadTableResponse response, StorageAccess access) {
    return withStorage(
        response,
        Map.of(
            TableLocation.CONFIG_KEY,
            String.join(",", catalog.deletableRoots(id, response.tableMetadata()))),
        access);
  }

  private LoadTableResponse withStorage(
      LoadTableResponse response, Map<String, String> extra, StorageAccess access) {
    return LoadTableResponse.builder()
        .withTableMetadata(response.tableMetadata())
        .addAllConfig(access.table(storageConfig))
        .addAllConfig(response.config())
        .addAllConfig(extra)
        .addAllCredentials(response.credentials())
        .build();
  }

  private static SnapshotMode snapshotMode(Map<String, String> query) {
    String mode = query.getOrDefault("snapshots", "all");
    try {
      return SnapshotMode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid snapshots mode: " + mode + " (must be all or refs)", e);
    }
  }

  static Namespace namespace(Map<String, String> path) {
    return RESTUtil.decodeNamespaceAsPathSegment(path.get("namespace"), NAMESPACE_SEPARATOR);
  }

  private static TableIdentifier table(Map<String, String> path) {
    return TableIdentifier.of(namespace(path), RESTUtil.decodePathSegment(path.get("table")));
  }

  private static TableIdentifier view(Map<String, String> path) {
    return TableIdentifier.of(namespace(path), RESTUtil.decodePathSegment(path.get("view")));
  }
}
