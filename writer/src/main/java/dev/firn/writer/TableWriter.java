package dev.firn.writer;

import java.time.Clock;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Firn's writer: loads files and records into tables of any Iceberg catalog as idempotent snapshot
 * commits, and publishes audited branches.
 *
 * <pre>{@code
 * TableWriter writer = new TableWriter(catalog);
 * IngestResult result =
 *     writer.ingest(TableIdentifier.parse("raw.orders")).files(List.of("s3://in/orders/")).commit();
 * }</pre>
 */
public final class TableWriter implements AutoCloseable {
  /** The snapshot summary key that holds a batch's id. */
  public static final String BATCH_ID = "firn.batch-id";

  /** The snapshot summary key that holds a batch's write mode. */
  public static final String WRITE_MODE = "firn.write-mode";

  private static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

  private final Catalog catalog;
  private final Map<String, String> ioProperties;
  private final Clock clock;
  private FileIO inputIo;

  /** A writer through the catalog; {@code s3://} inputs are read with the catalog's S3 settings. */
  public TableWriter(Catalog catalog) {
    this(catalog, catalogProperties(catalog), Clock.systemUTC());
  }

  /**
   * A writer through the catalog.
   *
   * @param ioProperties the Iceberg {@code s3.*} properties that read {@code s3://} inputs
   * @param clock the clock for durations and dead-letter times
   */
  public TableWriter(Catalog catalog, Map<String, String> ioProperties, Clock clock) {
    this.catalog = catalog;
    this.ioProperties = Map.copyOf(ioProperties);
    this.clock = clock;
  }

  /** A load into a table. Configure it, then {@link Ingest#apply()} or {@link Ingest#commit()}. */
  public Ingest ingest(TableIdentifier table) {
    return new Ingest(this, table);
  }

  /** A publish of a branch to {@code main}, after checks. */
  public Publish publish(TableIdentifier table, String branch) {
    return new Publish(catalog, table, branch);
  }

  Catalog catalog() {
    return catalog;
  }

  Clock clock() {
    return clock;
  }

  /** The FileIO that reads {@code s3://} inputs, created on first use. */
  synchronized FileIO inputIo() {
    if (inputIo == null) {
      String impl = ioProperties.getOrDefault(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
      inputIo = CatalogUtil.loadFileIO(impl, ioProperties, null);
    }
    return inputIo;
  }

  @Override
  public synchronized void close() {
    if (inputIo != null) {
      inputIo.close();
      inputIo = null;
    }
  }

  private static Map<String, String> catalogProperties(Catalog catalog) {
    return catalog instanceof RESTCatalog rest ? rest.properties() : Map.of();
  }
}
