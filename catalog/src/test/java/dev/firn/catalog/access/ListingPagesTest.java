package dev.firn.catalog.access;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listing in pages shows the caller only what it may see, and its page tokens name nothing else:
 * a token is the last name of a page, so paging over the unfiltered names would hand a reader the
 * names of tables hidden from it.
 */
@ExtendWith(S3EndpointExtension.class)
class ListingPagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));

  @Test
  void pagesOverWhatTheCallerSeesAndTheirTokensNameNothingElse(S3Endpoint s3, @TempDir Path dir)
      throws Exception {
    try (CatalogServer server = TestCatalogServers.start(s3, Database.sqlite(dir));
        RESTCatalog root = TestCatalogServers.client(server, Map.of())) {
      Namespace namespace = Namespace.of("raw", "pages");
      root.createNamespace(namespace);
      for (String name : List.of("t1", "t2", "t3", "t4", "t5", "t6")) {
        root.createTable(TableIdentifier.of(namespace, name), SCHEMA);
      }
      server.authentication().createPrincipal("picker");
      server.privileges().createRole("pickers");
      server.privileges().addToRole("picker", "pickers");
      for (String name : List.of("t2", "t4")) {
        server
            .privileges()
            .grant(
                new Grant(
                    "pickers",
                    Privilege.READ,
                    Securable.table(TableIdentifier.of(namespace, name))));
      }
      String token = server.authentication().issue("picker");
      HttpClient http = HttpClient.newHttpClient();
      for (int pageSize : new int[] {1, 2, 5}) {
        List<String> listed = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        String next = null;
        for (int page = 0; page < 20; page++) {
          String uri =
              server.uri()
                  + "/v1/"
                  + server.config().warehouseName()
                  + "/namespaces/raw%1Fpages/tables?pageSize="
                  + pageSize
                  + (next == null ? "" : "&pageToken=" + next);
          HttpResponse<String> reply =
              http.send(
                  HttpRequest.newBuilder(URI.create(uri))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
          JsonNode body = JSON.readTree(reply.body());
          body.path("identifiers").forEach(id -> listed.add(id.path("name").asText()));
          next =
              body.path("next-page-token").isTextual()
                  ? body.path("next-page-token").asText()
                  : null;
          if (next == null) {
            break;
          }
          tokens.add(new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8));
        }
        assertThat(listed).as("page size %d", pageSize).containsExactly("t2", "t4");
        assertThat(tokens).as("page size %d", pageSize).isSubsetOf("t2", "t4");
      }
    }
  }
}
