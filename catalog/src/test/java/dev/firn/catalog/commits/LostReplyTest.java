package dev.firn.catalog.commits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.CatalogMetrics.CommitOutcome;
import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.catalog.store.DatabaseConfig;
import dev.firn.testing.FaultProxy;
import dev.firn.testing.PostgresEndpoint;
import dev.firn.testing.PostgresExtension;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.TableRows;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The database applies a commit but its reply never reaches Firn: a fault proxy between Firn and
 * PostgreSQL swallows the reply to the {@code COMMIT} of the pointer swap and cuts the connection.
 * Firn must not report such a commit as a conflict (the client would delete files the table now
 * references, or apply it twice); it must find out that it applied.
 */
@ExtendWith({S3EndpointExtension.class, PostgresExtension.class})
class LostReplyTest {
  private static final int LOST_REPLIES = 50;

  @Test
  void commitsWhoseDatabaseReplyIsLostLandExactlyOnceAndKeepTheirFiles(
      S3Endpoint s3, PostgresEndpoint postgres) throws Exception {
    PostgresEndpoint database = postgres.newDatabase("lost_reply");
    URI direct = URI.create(database.jdbcUrl().substring("jdbc:".length()));
    try (FaultProxy proxy = FaultProxy.start(direct.getHost(), direct.getPort())) {
      String proxied =
          "jdbc:postgresql://127.0.0.1:"
              + proxy.port()
              + direct.getPath()
              // Statements travel as text every time, so the proxy can recognize them.
              + "?prepareThreshold=0&sslmode=disable";
      Database viaProxy =
          new Database(DatabaseConfig.postgres(proxied, database.user(), database.password()));

      try (CatalogServer server = TestCatalogServers.start(s3, viaProxy);
          RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
        TableIdentifier id = TableIdentifier.of("raw", "lossy");
        client.buildTable(id, CommitSafetyTests.SCHEMA).create();
        Table table = client.loadTable(id);

        proxy.loseRepliesAfter(
            "UPDATE iceberg_tables SET metadata_location", "COMMIT", LOST_REPLIES);
        for (int i = 0; i < LOST_REPLIES; i++) {
          TableRows.append(table, CommitSafetyTests.rows(0, i));
        }
        assertThat(proxy.lostReplies()).isEqualTo(LOST_REPLIES);
        // Firn found out every time, or answered "unknown" and the client's keyed retry found out.
        CatalogMetrics metrics = server.metrics();
        assertThat(metrics.commits(CommitOutcome.CONFLICT)).isZero();
        assertThat(
                metrics.commits(CommitOutcome.APPLIED_DESPITE_ERROR)
                    + metrics.commits(CommitOutcome.UNKNOWN))
            .isEqualTo(LOST_REPLIES);

        Table loaded = client.loadTable(id);
        assertThat(loaded.snapshots()).hasSize(LOST_REPLIES);
        assertThat(CommitSafetyTests.ids(TableRows.read(loaded)))
            .hasSize(2 * LOST_REPLIES)
            .doesNotHaveDuplicates();
        assertEveryReferencedFileExists(loaded, s3);
      }
    }
  }

  private static void assertEveryReferencedFileExists(Table table, S3Endpoint s3) {
    List<String> referenced = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      referenced.add(snapshot.manifestListLocation());
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        referenced.add(manifest.path());
      }
      for (DataFile file : snapshot.addedDataFiles(table.io())) {
        referenced.add(file.location());
      }
    }
    try (S3Client objects = s3.client()) {
      for (String location : referenced) {
        URI uri = URI.create(location);
        objects.headObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)));
      }
    }
    assertThat(referenced).hasSizeGreaterThan(3 * LOST_REPLIES);
  }
}
