package dev.firn.catalog.access;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.store.AuditStore;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Mutations and refusals land in the audit trail, with their principal, and stay there. */
@ExtendWith(S3EndpointExtension.class)
class AuditTrailTest {
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  @Test
  void recordsMutationsAndRefusalsWithTheirRequestIdsAcrossARestart(
      S3Endpoint s3, @TempDir Path dir) throws Exception {
    UnaryOperator<dev.firn.catalog.CatalogConfig.Builder> same =
        settings -> settings.warehouseName("audited");
    String requestId;
    try (CatalogServer server = TestCatalogServers.start(s3, Database.sqlite(dir), same);
        RESTCatalog root = TestCatalogServers.client(server, Map.of())) {
      root.createNamespace(Namespace.of("curated", "kpi"));
      root.createTable(TableIdentifier.of("curated", "kpi", "daily"), SCHEMA);
      root.loadTable(TableIdentifier.of("curated", "kpi", "daily"));
      Credential analyst = server.authentication().createPrincipal("ana");
      server.privileges().addToRole("ana", "analyst");
      try (RESTCatalog ana = TestCatalogServers.clientAs(server, analyst)) {
        assertThatThrownBy(() -> ana.dropTable(TableIdentifier.of("curated", "kpi", "daily")))
            .isInstanceOf(ForbiddenException.class);
      }
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              server.uri() + "/v1/audited/namespaces/curated%1Fkpi/tables/daily"))
                      .header("Authorization", "Bearer " + server.authentication().issue("ana"))
                      .header("X-Request-Id", "ticket-42")
                      .DELETE()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.headers().firstValue("X-Request-Id")).contains("ticket-42");
      requestId = "ticket-42";
    }
    try (CatalogServer again = TestCatalogServers.start(s3, Database.sqlite(dir), same)) {
      List<AuditStore.Entry> ana = again.audit().entries("ana", null, 100);
      assertThat(ana).hasSize(2).allMatch(entry -> entry.outcome().equals("denied"));
      assertThat(ana.get(0).requestId()).isEqualTo(requestId);
      assertThat(ana.get(0).action()).isEqualTo("DROP_TABLE");
      assertThat(ana.get(0).target()).isEqualTo("table curated.kpi.daily");
      assertThat(ana.get(0).status()).isEqualTo(403);
      List<AuditStore.Entry> root = again.audit().entries("root", null, 100);
      assertThat(root)
          .extracting(AuditStore.Entry::action)
          .containsExactly("CREATE_TABLE", "CREATE_NAMESPACE");
      assertThat(again.audit().entries(null, "table curated.kpi.daily", 100)).hasSize(2);
    }
  }
}
