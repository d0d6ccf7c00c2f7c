package dev.firn.cli;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.responses.ConfigResponseParser;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firn serve} configured through environment variables for an external S3 endpoint and
 * PostgreSQL, as on a server: the bucket is created, and the keys stay with Firn.
 */
@ExtendWith({S3EndpointExtension.class, PostgresExtension.class})
class ExternalServeTest {
  @Test
  void servesFromExternalStorageAndPostgres(
      S3Endpoint s3, PostgresEndpoint postgres, @TempDir Path dataDir) throws Exception {
    PostgresEndpoint database = postgres.newDatabase("serve");
    String bucket = "firn-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> environment = new HashMap<>();
    environment.put("FIRN_DATA_DIR", dataDir.toString());
    environment.put("FIRN_CATALOG_PORT", "0");
    environment.put("FIRN_CATALOG_MANAGEMENT_PORT", "0");
    environment.put("FIRN_STORAGE_ENDPOINT", s3.uri().toString());
    environment.put("FIRN_STORAGE_REGION", s3.region());
    environment.put("FIRN_STORAGE_ACCESS_KEY_ID", s3.accessKeyId());
    environment.put("FIRN_STORAGE_SECRET_ACCESS_KEY", s3.secretAccessKey());
    environment.put("FIRN_STORAGE_WAREHOUSE", "s3://" + bucket + "/lake");
    environment.put("FIRN_STORAGE_CREATE_BUCKET", "true");
    environment.put("FIRN_DATABASE_URL", database.jdbcUrl());
    environment.put("FIRN_DATABASE_USER", database.user());
    environment.put("FIRN_DATABASE_PASSWORD", database.password());
    ServeConfig config = ServeConfig.from(Settings.load(null, environment, Map.of()));

    try (ServeStack stack = ServeStack.start(config)) {
      assertThat(stack.embeddedStorage()).isEmpty();
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(stack.catalog().uri() + "/v1/config"))
                      .header(
                          "Authorization",
                          "Bearer " + stack.catalog().authentication().issue("root"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(body).contains(s3.uri().toString()).doesNotContain(s3.secretAccessKey());
      assertThat(ConfigResponseParser.fromJson(body).defaults())
          .doesNotContainKeys("s3.access-key-id", "s3.secret-access-key");

      // The keys are not shared, so the client brings its own, as a server's users would.
      Map<String, String> properties = new HashMap<>(s3.icebergProperties());
      properties.put("uri", stack.catalog().uri().toString());
      properties.put("credential", CommandRuns.rootCredential(stack));
      properties.put("oauth2-server-uri", stack.catalog().uri() + "/v1/oauth/tokens");
      try (RESTCatalog client = new RESTCatalog()) {
        client.initialize("firn", properties);
        Schema schema = new Schema(required(1, "id", Types.LongType.get()));
        Table table = client.createTable(TableIdentifier.of("curated", "daily"), schema);
        assertThat(table.location()).startsWith("s3://" + bucket + "/lake/curated/daily-");
        Record row = GenericRecord.create(schema);
        row.setField("id", 42L);
        TableRows.append(table, List.of(row));
        assertThat(TableRows.read(client.loadTable(TableIdentifier.of("curated", "daily"))))
            .containsExactly(row);
      }
    }
  }
}
