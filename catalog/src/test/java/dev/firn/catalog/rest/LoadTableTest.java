package dev.firn.catalog.rest;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Loading tables: entity tags, {@code snapshots=refs}, and loads served without storage reads. */
@ExtendWith(S3EndpointExtension.class)
class LoadTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(required(1, "id", Types.LongType.get()));
  private static final TableIdentifier ID = TableIdentifier.of("raw", "loaded");

  private final HttpClient http = HttpClient.newHttpClient();
  private S3Endpoint s3;
  private CatalogServer server;
  private RESTCatalog client;
  private String uri;

  @BeforeEach
  void start(S3Endpoint endpoint, @TempDir Path dir) {
    s3 = endpoint;
    server = TestCatalogServers.start(endpoint, Database.sqlite(dir));
    client = TestCatalogServers.client(server, Map.of());
    uri = server.uri() + "/v1/" + server.config().warehouseName() + "/namespaces/raw/tables/loaded";
    Table table = client.createTable(ID, SCHEMA, PartitionSpec.unpartitioned());
    for (int i = 0; i < 3; i++) {
      table
          .newAppend()
          .appendFile(
              DataFiles.builder(PartitionSpec.unpartitioned())
                  .withPath(table.location() + "/data/" + i + ".parquet")
                  .withFileSizeInBytes(10)
                  .withRecordCount(1)
                  .build())
          .commit();
    }
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void answersAMatchingEntityTagWith304UntilTheTableChanges() throws Exception {
    HttpResponse<String> first = get(uri, null);
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> unchanged = get(uri, etag);
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(unchanged.headers().firstValue("ETag")).contains(etag);

    client.loadTable(ID).updateProperties().set("k", "v").commit();
    HttpResponse<String> changed = get(uri, etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
  }

  @Test
  void returnsOnlyReferencedSnapshotsWhenAskedForRefs() throws Exception {
    HttpResponse<String> all = get(uri, null);
    HttpResponse<String> refs = get(uri + "?snapshots=refs", null);
    assertThat(JSON.readTree(all.body()).path("metadata").path("snapshots")).hasSize(3);
    assertThat(JSON.readTree(refs.body()).path("metadata").path("snapshots")).hasSize(1);
    assertThat(refs.headers().firstValue("ETag")).isNotEqualTo(all.headers().firstValue("ETag"));
  }

  @Test
  void servesAHotTableWithoutReadingObjectStorage() throws Exception {
    String metadata =
        ((HasTableOperations) client.loadTable(ID)).operations().current().metadataFileLocation();
    assertThat(get(uri, null).statusCode()).isEqualTo(200);

    // With its metadata file gone from storage, the table still loads: from the cache alone.
    URI location = URI.create(metadata);
    try (S3Client objects = s3.client()) {
      objects.deleteObject(b -> b.bucket(location.getHost()).key(location.getPath().substring(1)));
    }
    HttpResponse<String> hot = get(uri, null);
    assertThat(hot.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(hot.body()).path("metadata-location").asText()).isEqualTo(metadata);
  }

  private HttpResponse<String> get(String target, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target))
            .header("Authorization", TestCatalogServers.bearer(server))
            .GET();
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
