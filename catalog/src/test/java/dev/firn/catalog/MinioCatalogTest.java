package dev.firn.catalog;

import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firn.catalog.TestCatalogServers.Database;
import dev.firn.testing.S3Backend;
import dev.firn.testing.S3Endpoint;
import dev.firn.testing.S3EndpointExtension;
import dev.firn.testing.UseS3Backend;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog on MinIO, started through Testcontainers. Skipped where no Docker engine runs; the
 * whole suite also runs on MinIO with {@code FIRN_TEST_S3=minio}.
 */
@ExtendWith(S3EndpointExtension.class)
@UseS3Backend(S3Backend.MINIO)
class MinioCatalogTest {
  @Test
  void commitsAndReloadsTablesOnMinio(S3Endpoint minio, @TempDir Path dir) throws Exception {
    assertThat(minio.backend()).isEqualTo(S3Backend.MINIO);
    Schema schema = new Schema(required(1, "id", Types.LongType.get()));
    try (CatalogServer server = TestCatalogServers.start(minio, Database.sqlite(dir));
        RESTCatalog client = TestCatalogServers.client(server, Map.of())) {
      TableIdentifier id = TableIdentifier.of("raw", "on_minio");
      Table table = client.createTable(id, schema);
      table
          .newAppend()
          .appendFile(
              DataFiles.builder(PartitionSpec.unpartitioned())
                  .withPath(table.location() + "/data/a.parquet")
                  .withFileSizeInBytes(10)
                  .withRecordCount(1)
                  .build())
          .commit();
      Table loaded = client.loadTable(id);
      assertThat(loaded.currentSnapshot()).isNotNull();
      assertThat(loaded.location()).startsWith(minio.location(""));
    }
  }
}
