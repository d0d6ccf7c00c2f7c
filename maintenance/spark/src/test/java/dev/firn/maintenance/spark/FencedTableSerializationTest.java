package dev.firn.maintenance.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.boundary.FencedFileIO;
import dev.firn.boundary.FencedTable;
import dev.firn.boundary.RefusedDeleteException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.spark.source.SerializableTableWithSize;
import org.apache.iceberg.types.Types;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The table Iceberg's Spark actions ship to executors keeps its fence through Spark's default
 * serializer: a copy still refuses deletes outside the table location, and still reads and deletes
 * the table's own files.
 */
class FencedTableSerializationTest {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @Test
  void theFenceTravelsWithTheTableSparkSendsToExecutors() throws Exception {
    // In-memory files are shared by the whole JVM: the warehouse is this test's own.
    String warehouse = "s3://warehouse/" + UUID.randomUUID();
    InMemoryFileIO storage = new InMemoryFileIO();
    try (InMemoryCatalog catalog = new InMemoryCatalog()) {
      catalog.initialize("mem", Map.of(CatalogProperties.WAREHOUSE_LOCATION, warehouse));
      catalog.createNamespace(Namespace.of("raw"));
      Table loaded = catalog.createTable(TableIdentifier.of("raw", "orders"), SCHEMA);
      String own = loaded.location() + "/data/a.parquet";
      String foreign = warehouse + "/raw/customers/data/c.parquet";
      storage.addFile(own, "a".getBytes(StandardCharsets.UTF_8));
      storage.addFile(foreign, "c".getBytes(StandardCharsets.UTF_8));

      Table copy = javaRoundTrip(SerializableTableWithSize.copyOf(FencedTable.of(loaded).table()));

      assertThat(copy.io()).isInstanceOf(FencedFileIO.class);
      assertThat(copy.io().newInputFile(foreign).exists()).isTrue();
      assertThatThrownBy(() -> copy.io().deleteFile(foreign))
          .isInstanceOf(RefusedDeleteException.class);
      copy.io().deleteFile(own);
      assertThat(storage.fileExists(foreign)).isTrue();
      assertThat(storage.fileExists(own)).isFalse();
    }
  }

  private static Table javaRoundTrip(Table table) {
    SerializerInstance serializer = new JavaSerializer(new SparkConf()).newInstance();
    ClassTag<Table> tag = ClassTag$.MODULE$.apply(Table.class);
    ByteBuffer bytes = serializer.serialize(table, tag);
    return serializer.deserialize(bytes, tag);
  }
}
