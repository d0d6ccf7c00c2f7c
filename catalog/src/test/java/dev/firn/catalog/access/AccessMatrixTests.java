package dev.firn.catalog.access;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.vocabulary.Zone;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The privilege matrix through Iceberg's own client: a principal in each ready-made role, one in
 * none, and root, each trying every kind of request on a table, a view and a namespace in every
 * zone. Each answer is the one the grants give, lists show only what the principal may see, and a
 * refused request leaves the catalog and the bucket as they were.
 */
@ExtendWith(S3EndpointExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccessMatrixTests {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final String NOBODY = "nobody";

  private CatalogServer server;
  private S3Endpoint s3;
  private RESTCatalog root;
  private final Map<String, RESTCatalog> clients = new LinkedHashMap<>();
  private final Map<String, Map<Zone, Set<Privilege>>> expected = new LinkedHashMap<>();

  /** The database of the class's server. */
  protected abstract Database database() throws Exception;

  /** One request a principal makes in a zone, and the privilege it needs there. */
  private record Attempt(String name, Privilege needs, Action action) {}

  @FunctionalInterface
  private interface Action {
    void run(RESTCatalog client, Namespace namespace, String principal) throws Exception;
  }

  @BeforeAll
  void start(S3Endpoint endpoint) throws Exception {
    s3 = endpoint;
    server = TestCatalogServers.start(s3, database());
    root = TestCatalogServers.client(server, Map.of());
    for (Zone zone : Zone.values()) {
      Namespace namespace = namespace(zone);
      root.createNamespace(namespace);
      root.createTable(TableIdentifier.of(namespace, "t"), SCHEMA);
      view(root, TableIdentifier.of(namespace, "v"));
    }
    for (ReadyMadeRole role : ReadyMadeRole.values()) {
      String principal = "p_" + role.roleName();
      Credential credential = server.authentication().createPrincipal(principal);
      server.privileges().addToRole(principal, role.roleName());
      clients.put(principal, TestCatalogServers.clientAs(server, credential));
      expected.put(principal, privileges(role));
    }
    clients.put(
        NOBODY,
        TestCatalogServers.clientAs(server, server.authentication().createPrincipal(NOBODY)));
    expected.put(NOBODY, Map.of());
    for (String principal : clients.keySet()) {
      for (Zone zone : Zone.values()) {
        root.createTable(TableIdentifier.of(namespace(zone), "drop_" + principal), SCHEMA);
        view(root, TableIdentifier.of(namespace(zone), "dropv_" + principal));
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (RESTCatalog client : clients.values()) {
      client.close();
    }
    root.close();
    server.close();
  }

  @Test
  void everyPrincipalGetsWhatItsGrantsGiveAndARefusalChangesNothing() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, RESTCatalog> entry : clients.entrySet()) {
      String principal = entry.getKey();
      for (Zone zone : Zone.values()) {
        Set<Privilege> held = expected.get(principal).getOrDefault(zone, Set.of());
        for (Attempt attempt : attempts()) {
          boolean allowed = held.contains(attempt.needs()) || held.contains(Privilege.ADMIN);
          String what = principal + " " + attempt.name() + " in " + zone.level();
          Snapshot before = snapshot(zone);
          Map<String, Long> auditedBefore = audited(principal);
          try {
            attempt.action().run(entry.getValue(), namespace(zone), principal);
            if (!allowed) {
              mismatches.add(what + ": allowed, expected 403");
            }
          } catch (ForbiddenException e) {
            if (allowed) {
              mismatches.add(what + ": 403, expected allowed (" + e.getMessage() + ")");
            } else if (!before.equals(snapshot(zone))) {
              mismatches.add(what + ": refused, yet the catalog or the bucket changed");
            }
          }
          Map<String, Long> auditedAfter = audited(principal);
          long denied = auditedAfter.get("denied") - auditedBefore.get("denied");
          long applied = auditedAfter.get("applied") - auditedBefore.get("applied");
          boolean mutation = attempt.needs() != Privilege.READ;
          if (denied != (allowed ? 0 : 1)
              || mutation && allowed && applied < 1
              || !allowed && applied != 0) {
            mismatches.add(
                what + ": audit trail has " + denied + " denied and " + applied + " applied");
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void listsShowOnlyWhatThePrincipalMaySee() {
    assertThat(names(clients.get("p_analyst").listNamespaces())).containsExactly("curated");
    assertThat(names(clients.get("p_ingest").listNamespaces())).containsExactly("raw");
    assertThat(names(clients.get("p_engineer").listNamespaces()))
        .containsExactly("cleaned", "curated", "raw");
    assertThat(clients.get(NOBODY).listNamespaces()).isEmpty();
    assertThat(names(root.listNamespaces())).containsExactly("cleaned", "curated", "raw");
    // A table the principal may not see is refused like one that does not exist.
    RESTCatalog analyst = clients.get("p_analyst");
    assertThatThrownBy(() -> analyst.loadTable(TableIdentifier.of(namespace(Zone.RAW), "t")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("lacks read on table raw.s.t");
    assertThatThrownBy(() -> analyst.loadTable(TableIdentifier.of(namespace(Zone.RAW), "absent")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("lacks read on table raw.s.absent");
    assertThatThrownBy(() -> analyst.listTables(namespace(Zone.RAW)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> analyst.listNamespaces(Namespace.of("raw")))
        .as("a parent the principal may not see, whether or not it exists")
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> analyst.listNamespaces(Namespace.of("nowhere")))
        .isInstanceOf(ForbiddenException.class);
  }

  private List<Attempt> attempts() {
    return List.of(
        new Attempt("loadTable", Privilege.READ, (c, ns, p) -> c.loadTable(t(ns))),
        new Attempt(
            "listTables",
            Privilege.READ,
            (c, ns, p) -> assertThat(c.listTables(ns)).contains(t(ns))),
        new Attempt(
            "append",
            Privilege.WRITE,
            (c, ns, p) -> {
              Table table = c.loadTable(t(ns));
              table.newAppend().appendFile(dataFile(table, p)).commit();
            }),
        new Attempt(
            "addColumn",
            Privilege.ALTER,
            (c, ns, p) ->
                c.loadTable(t(ns))
                    .updateSchema()
                    .addColumn("c_" + p, Types.StringType.get())
                    .commit()),
        new Attempt(
            "setPolicy",
            Privilege.ADMIN,
            (c, ns, p) ->
                c.loadTable(t(ns)).updateProperties().set("firn.note." + p, "x").commit()),
        new Attempt(
            "createTable",
            Privilege.CREATE,
            (c, ns, p) -> c.createTable(TableIdentifier.of(ns, "new_" + p), SCHEMA)),
        new Attempt(
            "createNamespace",
            Privilege.CREATE,
            (c, ns, p) -> c.createNamespace(Namespace.of(ns.level(0), ns.level(1), "n_" + p))),
        new Attempt(
            "loadView", Privilege.READ, (c, ns, p) -> c.loadView(TableIdentifier.of(ns, "v"))),
        new Attempt(
            "createView",
            Privilege.CREATE,
            (c, ns, p) -> view(c, TableIdentifier.of(ns, "newv_" + p))),
        new Attempt(
            "dropView",
            Privilege.DROP,
            (c, ns, p) -> assertThat(c.dropView(TableIdentifier.of(ns, "dropv_" + p))).isTrue()),
        new Attempt(
            "dropTable",
            Privilege.DROP,
            (c, ns, p) -> assertThat(c.dropTable(TableIdentifier.of(ns, "drop_" + p))).isTrue()));
  }

  private static void view(RESTCatalog client, TableIdentifier id) {
    client
        .buildView(id)
        .withSchema(SCHEMA)
        .withDefaultNamespace(id.namespace())
        .withQuery("spark", "SELECT 1 AS id")
        .create();
  }

  /** How many entries the audit trail holds for a principal, by outcome. */
  private Map<String, Long> audited(String principal) {
    Map<String, Long> counts =
        new LinkedHashMap<>(Map.of("denied", 0L, "applied", 0L, "failed", 0L));
    server
        .audit()
        .entries(principal, null, 100_000)
        .forEach(entry -> counts.merge(entry.outcome(), 1L, Long::sum));
    return counts;
  }

  /** What a refused request must leave alone: the zone's tables and pointers, and the bucket. */
  private record Snapshot(Map<String, String> pointers, Set<String> objects) {}

  private Snapshot snapshot(Zone zone) {
    Map<String, String> pointers = new LinkedHashMap<>();
    for (TableIdentifier id : server.catalog().listTables(namespace(zone))) {
      pointers.put(id.toString(), server.catalog().tableMetadataLocation(id).orElse(""));
    }
    for (TableIdentifier id : server.catalog().listViews(namespace(zone))) {
      pointers.put("view " + id, server.catalog().loadView(id).location());
    }
    for (Namespace child : server.catalog().listNamespaces(namespace(zone))) {
      pointers.put(child.toString(), "namespace");
    }
    // Records of earlier changes reach the catalog journal first; a refusal writes none.
    server.journal().flush();
    Set<String> objects = new TreeSet<>();
    String warehouse = server.config().warehouseLocation();
    String bucket = warehouse.substring("s3://".length()).split("/", 2)[0];
    try (S3Client client = s3.client()) {
      client
          .listObjectsV2Paginator(b -> b.bucket(bucket))
          .contents()
          .forEach((S3Object object) -> objects.add(object.key()));
    }
    return new Snapshot(pointers, objects);
  }

  private static Map<Zone, Set<Privilege>> privileges(ReadyMadeRole role) {
    Map<Zone, Set<Privilege>> held = new EnumMap<>(Zone.class);
    for (Grant grant : role.grants()) {
      for (Zone zone : Zone.values()) {
        if (grant.on().covers(Securable.namespace(namespace(zone)))) {
          held.computeIfAbsent(zone, z -> EnumSet.noneOf(Privilege.class)).add(grant.privilege());
        }
      }
    }
    return held;
  }

  private static DataFile dataFile(Table table, String principal) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath(table.location() + "/data/" + principal + ".parquet")
        .withFileSizeInBytes(10)
        .withRecordCount(1)
        .withFormat("parquet")
        .build();
  }

  private static Namespace namespace(Zone zone) {
    return Namespace.of(zone.level(), "s");
  }

  private static TableIdentifier t(Namespace namespace) {
    return TableIdentifier.of(namespace, "t");
  }

  private static List<String> names(List<Namespace> namespaces) {
    return namespaces.stream().map(Namespace::toString).sorted().toList();
  }
}
