package dev.firn.catalog.rest;

import dev.firn.catalog.access.Principal;
import dev.firn.catalog.access.Privilege;
import dev.firn.catalog.access.Privileges;
import dev.firn.catalog.access.Securable;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RemoteSignRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;

/**
 * The one place between HTTP and the handlers that decides whether the caller may make a request:
 * each route needs one privilege on its target (a commit, one per kind of change it makes), and
 * lists keep only what the caller may see. A refusal is a 403 that names what was asked for, given
 * before anything is looked up, so it tells nothing about whether the target exists.
 */
final class AccessLayer {
  /** Changes to a table's data and its references: everything else changes its definition. */
  static final Set<Class<? extends MetadataUpdate>> DATA_CHANGES =
      Set.of(
          MetadataUpdate.AddSnapshot.class,
          MetadataUpdate.RemoveSnapshots.class,
          MetadataUpdate.RemoveSnapshotRef.class,
          MetadataUpdate.SetSnapshotRef.class,
          MetadataUpdate.SetStatistics.class,
          MetadataUpdate.RemoveStatistics.class,
          MetadataUpdate.SetPartitionStatistics.class,
          MetadataUpdate.RemovePartitionStatistics.class);

  /** Properties that hold Firn's policies, which only admins change. */
  static final String POLICY_PREFIX = "firn.";

  private final Privileges privileges;
  private final boolean keysShared;

  /**
   * @param keysShared whether the storage settings handed to clients hold keys, which then go to
   *     admins only
   */
  AccessLayer(Privileges privileges, boolean keysShared) {
    this.privileges = privileges;
    this.keysShared = keysShared;
  }

  /**
   * Returns when {@code caller} may make this request.
   *
   * @throws ForbiddenException when it may not
   */
  void check(
      Principal caller,
      Route route,
      Map<String, String> path,
      Map<String, String> query,
      RESTRequest body) {
    switch (route) {
      case LIST_NAMESPACES -> {
        // Listings are filtered; the parent asked for must be one the caller sees.
        Namespace parent = parentOf(query);
        if (!parent.isEmpty()) {
          see(caller, Securable.namespace(parent));
        }
      }
      case REPORT_METRICS -> require(caller, Privilege.READ, Securable.table(table(path)));
      case CREATE_NAMESPACE -> {
        Namespace created = ((CreateNamespaceRequest) body).namespace();
        require(caller, Privilege.CREATE, Securable.namespace(parent(created)));
        requirePolicies(caller, Securable.namespace(created), body);
      }
      case LOAD_NAMESPACE, NAMESPACE_EXISTS, LIST_TABLES, LIST_VIEWS ->
          see(caller, namespace(path));
      case DROP_NAMESPACE -> require(caller, Privilege.DROP, namespace(path));
      case UPDATE_NAMESPACE -> {
        require(caller, Privilege.ALTER, namespace(path));
        requirePolicies(caller, namespace(path), body);
      }
      case CREATE_TABLE, CREATE_VIEW -> {
        require(caller, Privilege.CREATE, namespace(path));
        requirePolicies(caller, namespace(path), body);
      }
      // Registered metadata brings its own schema, history and properties (policies among them),
      // and may replace a table: admins only.
      case REGISTER_TABLE, REGISTER_VIEW -> require(caller, Privilege.ADMIN, namespace(path));
      case LOAD_TABLE, TABLE_EXISTS ->
          require(caller, Privilege.READ, Securable.table(table(path)));
      case UPDATE_TABLE -> checkCommit(caller, table(path), (UpdateTableRequest) body);
      case DROP_TABLE -> require(caller, Privilege.DROP, Securable.table(table(path)));
      case RENAME_TABLE, RENAME_VIEW -> {
        RenameTableRequest rename = (RenameTableRequest) body;
        boolean view = route == Route.RENAME_VIEW;
        require(
            caller,
            Privilege.ALTER,
            view ? Securable.view(rename.source()) : Securable.table(rename.source()));
        require(caller, Privilege.CREATE, Securable.namespace(rename.destination().namespace()));
      }
      case COMMIT_TRANSACTION -> {
        for (UpdateTableRequest change : ((CommitTransactionRequest) body).tableChanges()) {
          checkCommit(caller, change.identifier(), change);
        }
      }
      case LOAD_VIEW, VIEW_EXISTS -> require(caller, Privilege.READ, Securable.view(view(path)));
      case REMOTE_SIGN ->
          require(
              caller,
              RemoteSigner.reads((RemoteSignRequest) body) ? Privilege.READ : Privilege.WRITE,
              Securable.table(table(path)));
      case REPLACE_VIEW -> require(caller, Privilege.ALTER, Securable.view(view(path)));
      case DROP_VIEW -> require(caller, Privilege.DROP, Securable.view(view(path)));
    }
  }

  /** What a request acts on, for the audit trail: {@code table raw.sales.orders} and the like. */
  static String target(Route route, Map<String, String> path, RESTRequest body) {
    return switch (route) {
      case LIST_NAMESPACES -> Securable.catalog().toString();
      case CREATE_NAMESPACE ->
          body == null
              ? null
              : Securable.namespace(((CreateNamespaceRequest) body).namespace()).toString();
      case LOAD_NAMESPACE,
          NAMESPACE_EXISTS,
          DROP_NAMESPACE,
          UPDATE_NAMESPACE,
          LIST_TABLES,
          LIST_VIEWS,
          CREATE_TABLE,
          REGISTER_TABLE,
          CREATE_VIEW,
          REGISTER_VIEW ->
          namespace(path).toString();
      case LOAD_TABLE, TABLE_EXISTS, UPDATE_TABLE, DROP_TABLE, REPORT_METRICS, REMOTE_SIGN ->
          Securable.table(table(path)).toString();
      case LOAD_VIEW, VIEW_EXISTS, REPLACE_VIEW, DROP_VIEW -> Securable.view(view(path)).toString();
      case RENAME_TABLE, RENAME_VIEW -> {
        if (body == null) {
          yield null;
        }
        RenameTableRequest rename = (RenameTableRequest) body;
        Securable source =
            route == Route.RENAME_VIEW
                ? Securable.view(rename.source())
                : Securable.table(rename.source());
        yield source + " to " + rename.destination();
      }
      case COMMIT_TRANSACTION ->
          body == null
              ? null
              : "tables "
                  + String.join(
                      ", ",
                      ((CommitTransactionRequest) body)
                          .tableChanges().stream()
                              .map(change -> change.identifier().toString())
                              .toList());
    };
  }

  /**
   * How a caller reaches table files: with the storage keys (admins, or everyone with
   * authentication off), or through requests the catalog signs.
   */
  StorageAccess storageAccess(Principal caller) {
    return keysShared && privileges.allows(caller, Privilege.ADMIN, Securable.catalog())
        ? StorageAccess.KEYS
        : StorageAccess.SIGNING;
  }

  /**
   * Which tables (or views, for {@link Route#LIST_VIEWS}) a listing shows the caller: those it may
   * see. Table listings page over these names only, so no page token names one it may not see.
   */
  java.util.function.Predicate<TableIdentifier> visibleTo(Principal caller, Route route) {
    boolean views = route == Route.LIST_VIEWS;
    return id -> privileges.sees(caller, views ? Securable.view(id) : Securable.table(id));
  }

  /** The answer with what the caller may not see left out of namespace listings. */
  RestResult filter(Principal caller, Route route, RestResult result) {
    if (route == Route.LIST_NAMESPACES && result.body() instanceof ListNamespacesResponse list) {
      return new RestResult(
          result.status(),
          ListNamespacesResponse.builder()
              .addAll(
                  list.namespaces().stream()
                      .filter(ns -> privileges.sees(caller, Securable.namespace(ns)))
                      .toList())
              .nextPageToken(list.nextPageToken())
              .build(),
          result.headers());
    }
    return result;
  }

  /**
   * A commit needs write for data changes and alter for the rest; one that creates the table (a
   * staged create) needs create on its namespace instead, and policies need admin.
   */
  private void checkCommit(Principal caller, TableIdentifier id, UpdateTableRequest request) {
    boolean creates =
        request.requirements().stream()
            .anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
    if (creates) {
      require(caller, Privilege.CREATE, Securable.namespace(id.namespace()));
    }
    Securable table = Securable.table(id);
    boolean policies = false;
    for (MetadataUpdate update : request.updates()) {
      if (!creates) {
        require(caller, privilegeOf(update), table);
      }
      policies |= changesPolicy(update);
    }
    if (!creates && request.updates().isEmpty()) {
      require(caller, Privilege.WRITE, table);
    }
    if (policies) {
      require(caller, Privilege.ADMIN, table);
    }
  }

  /** The privilege one change to a table needs. */
  static Privilege privilegeOf(MetadataUpdate update) {
    return DATA_CHANGES.contains(update.getClass()) ? Privilege.WRITE : Privilege.ALTER;
  }

  private static boolean changesPolicy(MetadataUpdate update) {
    if (update instanceof MetadataUpdate.SetProperties set) {
      return set.updated().keySet().stream().anyMatch(AccessLayer::isPolicy);
    }
    if (update instanceof MetadataUpdate.RemoveProperties removed) {
      return removed.removed().stream().anyMatch(AccessLayer::isPolicy);
    }
    return false;
  }

  private void requirePolicies(Principal caller, Securable target, RESTRequest body) {
    boolean policies = false;
    if (body instanceof CreateNamespaceRequest create) {
      policies = create.properties().keySet().stream().anyMatch(AccessLayer::isPolicy);
    } else if (body instanceof CreateTableRequest create) {
      policies = create.properties().keySet().stream().anyMatch(AccessLayer::isPolicy);
    } else if (body instanceof UpdateNamespacePropertiesRequest update) {
      policies =
          update.updates().keySet().stream().anyMatch(AccessLayer::isPolicy)
              || update.removals().stream().anyMatch(AccessLayer::isPolicy);
    }
    if (policies) {
      require(caller, Privilege.ADMIN, target);
    }
  }

  private static boolean isPolicy(String key) {
    return key.startsWith(POLICY_PREFIX);
  }

  private void see(Principal caller, Securable target) {
    if (!privileges.sees(caller, target)) {
      throw new ForbiddenException(
          "Forbidden: principal %s has no privilege on %s", caller.name(), target);
    }
  }

  private void require(Principal caller, Privilege privilege, Securable target) {
    privileges.require(caller, privilege, target);
  }

  private static Securable namespace(Map<String, String> path) {
    return Securable.namespace(CatalogAdapter.namespace(path));
  }

  private static Namespace parentOf(Map<String, String> query) {
    String parent = query.get("parent");
    return parent == null || parent.isEmpty()
        ? Namespace.empty()
        : RESTUtil.namespaceFromQueryParam(parent, CatalogAdapter.NAMESPACE_SEPARATOR);
  }

  private static Namespace parent(Namespace namespace) {
    String[] levels = namespace.levels();
    return levels.length <= 1
        ? Namespace.empty()
        : Namespace.of(java.util.Arrays.copyOf(levels, levels.length - 1));
  }

  private static TableIdentifier table(Map<String, String> path) {
    return TableIdentifier.of(
        CatalogAdapter.namespace(path), RESTUtil.decodePathSegment(path.get("table")));
  }

  private static TableIdentifier view(Map<String, String> path) {
    return TableIdentifier.of(
        CatalogAdapter.namespace(path), RESTUtil.decodePathSegment(path.get("view")));
  }
}
