package dev.firn.catalog.commits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.CatalogServer;
import dev.firn.catalog.TestCatalogServers;
import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.BaseTransaction;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Multi-table transactions through {@code POST /v1/{prefix}/transactions/commit}: each one's marker
 * lands on all its tables or on none, under concurrent transactions over overlapping tables.
 */
@ExtendWith(S3EndpointExtension.class)
abstract class MultiTableCommitTests {
  private static final String MARKER = "firn.test.transaction";

  private CatalogServer server;

  protected abstract Database database() throws Exception;

  @BeforeEach
  void start(S3Endpoint s3) throws Exception {
    server = TestCatalogServers.start(s3, database());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void eachTransactionLandsOnAllItsTablesOrOnNone() throws Exception {
    List<TableIdentifier> tables = new ArrayList<>();
    try (RESTCatalog setup = TestCatalogServers.client(server, Map.of())) {
      for (int t = 0; t < 6; t++) {
        TableIdentifier id = TableIdentifier.of(Namespace.of("curated"), "shared_" + t);
        setup.createTable(id, CommitSafetyTests.SCHEMA, PartitionSpec.unpartitioned());
        tables.add(id);
      }
    }

    Map<String, List<TableIdentifier>> touched = new ConcurrentHashMap<>();
    Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    CommitSafetyTests.runConcurrently(
        4,
        clientNumber -> {
          try (RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
            Random random = new Random(clientNumber);
            for (int n = 0; n < 100; n++) {
              String marker = clientNumber + "-" + n;
              List<TableIdentifier> chosen = new ArrayList<>(tables);
              Collections.shuffle(chosen, random);
              chosen = chosen.subList(0, 2 + random.nextInt(3));
              touched.put(marker, chosen);
              acknowledged.put(marker, commitMarked(client, chosen, marker));
            }
          }
          return null;
        });

    Map<TableIdentifier, Set<String>> markersOnTable = new ConcurrentHashMap<>();
    try (RESTCatalog reader = TestCatalogServers.client(server, Map.of())) {
      for (TableIdentifier id : tables) {
        Set<String> markers = new HashSet<>();
        for (Snapshot snapshot : reader.loadTable(id).snapshots()) {
          String marker = snapshot.summary().get(MARKER);
          assertThat(markers.add(marker)).as("marker %s twice on %s", marker, id).isTrue();
        }
        markersOnTable.put(id, markers);
      }
    }

    int landed = 0;
    for (Map.Entry<String, List<TableIdentifier>> transaction : touched.entrySet()) {
      String marker = transaction.getKey();
      long carrying =
          transaction.getValue().stream()
              .filter(id -> markersOnTable.get(id).contains(marker))
              .count();
      boolean everywhere = carrying == transaction.getValue().size();
      assertThat(carrying == 0 || everywhere)
          .as(
              "transaction %s landed on %s of its %s tables",
              marker, carrying, transaction.getValue().size())
          .isTrue();
      assertThat(everywhere)
          .as("transaction %s acknowledged", marker)
          .isEqualTo(acknowledged.get(marker));
      landed += everywhere ? 1 : 0;
    }
    long markersInTables = markersOnTable.values().stream().mapToLong(Set::size).sum();
    long expectedMarkers =
        touched.entrySet().stream()
            .filter(t -> acknowledged.get(t.getKey()))
            .mapToLong(t -> t.getValue().size())
            .sum();
    assertThat(markersInTables).isEqualTo(expectedMarkers);
    assertThat(touched).hasSize(400);
    assertThat(landed).isPositive();
  }

  /** Stages an append carrying the marker on each table, then commits them as one transaction. */
  private static boolean commitMarked(
      RESTCatalog client, List<TableIdentifier> ids, String marker) {
    List<TableCommit> commits = new ArrayList<>();
    for (TableIdentifier id : ids) {
      Table table = client.loadTable(id);
      Transaction transaction = table.newTransaction();
      transaction
          .newAppend()
          .appendFile(
              DataFiles.builder(PartitionSpec.unpartitioned())
                  .withPath(table.location() + "/data/" + marker + ".parquet")
                  .withFileSizeInBytes(100)
                  .withRecordCount(1)
                  .build())
          .set(MARKER, marker)
          .commit();
      BaseTransaction staged = (BaseTransaction) transaction;
      commits.add(TableCommit.create(id, staged.startMetadata(), staged.currentMetadata()));
    }
    try {
      client.commitTransaction(commits);
      return true;
    } catch (CommitFailedException conflict) {
      return false;
    }
  }
}
