package dev.firn.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.Test;

class FencedFileIOTest {
  private static final String ORDERS = "s3://warehouse/raw/orders-1";
  private static final String CUSTOMERS = "s3://warehouse/curated/customers-2";

  private final InMemoryFileIO storage = new InMemoryFileIO();

  @Test
  void deletesOwnFilesAndRefusesOthers() {
    write(ORDERS + "/data/a.parquet");
    write(CUSTOMERS + "/metadata/v1.metadata.json");
    AtomicInteger heard = new AtomicInteger();
    FencedFileIO fence =
        FencedFileIO.of(storage, TableLocation.of(ORDERS), refusal -> heard.incrementAndGet());

    fence.deleteFile(ORDERS + "/data/a.parquet");
    assertThatThrownBy(() -> fence.deleteFile(CUSTOMERS + "/metadata/v1.metadata.json"))
        .isInstanceOf(RefusedDeleteException.class)
        .hasMessageContaining("outside the table location " + ORDERS);

    assertThat(storage.fileExists(ORDERS + "/data/a.parquet")).isFalse();
    assertThat(storage.fileExists(CUSTOMERS + "/metadata/v1.metadata.json")).isTrue();
    assertThat(fence.refusedCount()).isEqualTo(1);
    assertThat(fence.refused())
        .extracting(RefusedDelete::path)
        .containsExactly(CUSTOMERS + "/metadata/v1.metadata.json");
    assertThat(heard).hasValue(1);
  }

  @Test
  void bulkDeletesOwnFilesAndCountsRefusalsAsFailures() {
    write(ORDERS + "/data/a.parquet");
    write(ORDERS + "/data/b.parquet");
    write(CUSTOMERS + "/data/c.parquet");
    FencedFileIO fence = FencedFileIO.of(storage, TableLocation.of(ORDERS));

    assertThatThrownBy(
            () ->
                fence.deleteFiles(
                    List.of(
                        ORDERS + "/data/a.parquet",
                        CUSTOMERS + "/data/c.parquet",
                        ORDERS + "/data/../../../curated/customers-2/data/c.parquet",
                        ORDERS + "/data/b.parquet")))
        .isInstanceOf(BulkDeletionFailureException.class)
        .satisfies(
            e -> assertThat(((BulkDeletionFailureException) e).numberFailedObjects()).isEqualTo(2));

    assertThat(storage.fileExists(ORDERS + "/data/a.parquet")).isFalse();
    assertThat(storage.fileExists(ORDERS + "/data/b.parquet")).isFalse();
    assertThat(storage.fileExists(CUSTOMERS + "/data/c.parquet")).isTrue();
    assertThat(fence.refusedCount()).isEqualTo(2);
  }

  @Test
  void readsAndWritesPassThrough() throws Exception {
    write(CUSTOMERS + "/data/c.parquet");
    FencedFileIO fence = FencedFileIO.of(storage, TableLocation.of(ORDERS));
    assertThat(fence.newInputFile(CUSTOMERS + "/data/c.parquet").exists()).isTrue();
    fence.newOutputFile(ORDERS + "/data/new.parquet").create().close();
    assertThat(storage.fileExists(ORDERS + "/data/new.parquet")).isTrue();
  }

  @Test
  void aFenceAroundAFenceKeepsBothRules() {
    write("s3://warehouse/raw/other-3/data/x.parquet");
    FencedFileIO inner = FencedFileIO.of(storage, TableLocation.of(ORDERS));
    FencedFileIO outer = FencedFileIO.of(inner, TableLocation.of("s3://warehouse/raw/other-3"));
    assertThatThrownBy(() -> outer.deleteFile("s3://warehouse/raw/other-3/data/x.parquet"))
        .isInstanceOf(RefusedDeleteException.class);
    assertThat(storage.fileExists("s3://warehouse/raw/other-3/data/x.parquet")).isTrue();
  }

  @Test
  void aLazyFenceAsksForItsLocationOnceAndOnlyWhenItDeletes() {
    write(ORDERS + "/data/a.parquet");
    AtomicInteger asked = new AtomicInteger();
    FencedFileIO fence =
        FencedFileIO.lazy(
            storage,
            () -> {
              asked.incrementAndGet();
              return TableLocation.of(ORDERS);
            },
            refusal -> {});
    fence.newInputFile(ORDERS + "/data/a.parquet").exists();
    assertThat(asked).hasValue(0);
    fence.deleteFile(ORDERS + "/data/a.parquet");
    assertThatThrownBy(() -> fence.deleteFile(CUSTOMERS + "/x"))
        .isInstanceOf(RefusedDeleteException.class);
    assertThat(asked).hasValue(1);
  }

  @Test
  void prefixesGoToStorageEndingInASlash() {
    List<String> asked = new ArrayList<>();
    FencedFileIO fence =
        FencedFileIO.of(new PrefixRecorder(asked), TableLocation.of("s3://warehouse/raw/orders-1"));
    ((SupportsPrefixOperations) fence).deletePrefix("s3://warehouse/raw/orders-1");
    ((SupportsPrefixOperations) fence).deletePrefix("s3://warehouse/raw/orders-1/data/");
    assertThatThrownBy(
            () -> ((SupportsPrefixOperations) fence).deletePrefix("s3://warehouse/raw/orders-"))
        .isInstanceOf(RefusedDeleteException.class);
    assertThat(asked)
        .containsExactly("s3://warehouse/raw/orders-1/", "s3://warehouse/raw/orders-1/data/");
  }

  /** Storage that only records the prefixes it is asked to delete. */
  private static final class PrefixRecorder extends InMemoryFileIO
      implements SupportsPrefixOperations {
    private final List<String> asked;

    PrefixRecorder(List<String> asked) {
      this.asked = asked;
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
      return List.of();
    }

    @Override
    public void deletePrefix(String prefix) {
      asked.add(prefix);
    }
  }

  private void write(String path) {
    storage.addFile(path, "x".getBytes(StandardCharsets.UTF_8));
  }
}
