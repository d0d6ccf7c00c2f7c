package dev.firn.maintenance.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firn.boundary.FencedFileIO;
import dev.firn.boundary.TableLocation;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.junit.jupiter.api.Test;

class CountingDeleterTest {
  // In-memory files are shared by the whole JVM: each test has locations of its own.
  private final String orders = "s3://warehouse/raw/orders-" + UUID.randomUUID();
  private final String customers = "s3://warehouse/raw/customers-" + UUID.randomUUID();

  private final InMemoryFileIO storage = new InMemoryFileIO();
  private final FencedFileIO fence = FencedFileIO.of(storage, TableLocation.of(orders));
  private final CountingDeleter deleter = new CountingDeleter(fence::deleteFile);

  @Test
  void aRefusedDeleteIsNeitherADeletionNorAFailureAndDoesNotStopTheCleanup() {
    write(orders + "/metadata/snap-1.avro");
    write(customers + "/metadata/v2.metadata.json");
    write(orders + "/data/a.parquet");

    deleter.accept(orders + "/metadata/snap-1.avro");
    // Iceberg stops a cleanup at the first delete that throws: this one must not.
    deleter.accept(customers + "/metadata/v2.metadata.json");
    deleter.accept(orders + "/data/a.parquet");

    assertThat(deleter.deleted()).isEqualTo(2);
    assertThat(deleter.failed()).isEmpty();
    assertThat(deleter.refused())
        .containsOnlyKeys(customers + "/metadata/v2.metadata.json")
        .allSatisfy((path, why) -> assertThat(why).contains("outside the table location"));
    assertThat(storage.fileExists(customers + "/metadata/v2.metadata.json")).isTrue();
    assertThat(storage.fileExists(orders + "/data/a.parquet")).isFalse();
    assertThat(fence.refusedCount()).isEqualTo(1);
  }

  @Test
  void otherFailuresAreRecordedAndThrownForIcebergToRetry() {
    assertThatThrownBy(() -> deleter.accept(orders + "/data/missing.parquet"))
        .isInstanceOf(NotFoundException.class);

    assertThat(deleter.failed()).containsOnlyKeys(orders + "/data/missing.parquet");
    assertThat(deleter.refused()).isEmpty();
    assertThat(deleter.deleted()).isZero();

    // A retry that succeeds is no failure.
    write(orders + "/data/missing.parquet");
    deleter.accept(orders + "/data/missing.parquet");
    assertThat(deleter.failed()).isEmpty();
    assertThat(deleter.deleted()).isEqualTo(1);
  }

  private void write(String path) {
    storage.addFile(path, "x".getBytes(StandardCharsets.UTF_8));
  }
}
