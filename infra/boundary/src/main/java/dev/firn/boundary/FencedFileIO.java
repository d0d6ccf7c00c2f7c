package dev.firn.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestListFile;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table's {@link FileIO} that deletes only the table's own files: a delete of a path outside the
 * table's location (by {@link TableLocation}'s rule) is refused, logged at WARN, kept for the job's
 * result, and never reaches storage. Reads and writes pass through; the paths a table's metadata
 * names are checked when they enter the catalog, and this fence protects tables whose metadata was
 * written before that check or by another tool.
 *
 * <p>{@link #deleteFile} throws {@link RefusedDeleteException} for a refused path; {@link
 * #deleteFiles} deletes the table's own paths and then throws a {@link
 * BulkDeletionFailureException} counting the refused ones with any that failed.
 */
public class FencedFileIO implements FileIO, SupportsBulkOperations {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FencedFileIO.class);

  /** How many refused deletes a fence keeps for its report; it counts them all. */
  public static final int REFUSALS_KEPT = 100;

  private final FileIO delegate;
  private volatile TableLocation location;
  // Where the location comes from when it is worked out on the first delete; not shipped.
  private final transient Supplier<TableLocation> lazyLocation;
  // Driver-side bookkeeping; a copy shipped to another process only logs.
  private final transient List<RefusedDelete> refused = new ArrayList<>();
  private final transient AtomicLong refusedCount = new AtomicLong();
  private final transient Consumer<RefusedDelete> listener;

  FencedFileIO(
      FileIO delegate,
      TableLocation location,
      Supplier<TableLocation> lazyLocation,
      Consumer<RefusedDelete> listener) {
    this.delegate = delegate;
    this.location = location;
    this.lazyLocation = lazyLocation;
    this.listener = listener;
  }

  /** Fences {@code io} to a table's location, keeping prefix operations when it has them. */
  public static FencedFileIO of(FileIO io, TableLocation location) {
    return of(io, location, refusal -> {});
  }

  /**
   * Fences {@code io} to a table's location; {@code listener} hears of each refused delete, for
   * metrics.
   */
  public static FencedFileIO of(
      FileIO io, TableLocation location, Consumer<RefusedDelete> listener) {
    return create(io, location, null, listener);
  }

  /**
   * Fences {@code io} to a table's location worked out on the first delete (or the first call of
   * {@link #location()}), for a catalog that must ask its database where the table may delete.
   */
  public static FencedFileIO lazy(
      FileIO io, Supplier<TableLocation> location, Consumer<RefusedDelete> listener) {
    return create(io, null, location, listener);
  }

  // A fence around a fence keeps both: the outer one must not widen what the inner one allows.
  private static FencedFileIO create(
      FileIO io,
      TableLocation location,
      Supplier<TableLocation> lazyLocation,
      Consumer<RefusedDelete> listener) {
    return io instanceof SupportsPrefixOperations
        ? new WithPrefixes(io, location, lazyLocation, listener)
        : new FencedFileIO(io, location, lazyLocation, listener);
  }

  // A copy shipped to another process takes the location as worked out here.
  private Object writeReplace() {
    location();
    return this;
  }

  /** The location deletes are held to. */
  public TableLocation location() {
    TableLocation known = location;
    if (known == null) {
      synchronized (this) {
        if (location == null) {
          location = lazyLocation.get();
        }
        known = location;
      }
    }
    return known;
  }

  /** The refused deletes, the first {@link #REFUSALS_KEPT} of them. */
  public List<RefusedDelete> refused() {
    if (refused == null) {
      return List.of();
    }
    synchronized (refused) {
      return List.copyOf(refused);
    }
  }

  /** How many deletes were refused. */
  public long refusedCount() {
    return refusedCount == null ? 0 : refusedCount.get();
  }

  /** The FileIO this one fences. */
  public FileIO delegate() {
    return delegate;
  }

  @Override
  public void deleteFile(String path) {
    Optional<String> refusal = location().refusal(path);
    if (refusal.isPresent()) {
      refuse(path, refusal.get());
      throw new RefusedDeleteException(path, refusal.get());
    }
    delegate.deleteFile(path);
  }

  @Override
  public void deleteFiles(Iterable<String> paths) throws BulkDeletionFailureException {
    List<String> own = new ArrayList<>();
    int refusals = 0;
    TableLocation fence = location();
    for (String path : paths) {
      Optional<String> refusal = fence.refusal(path);
      if (refusal.isPresent()) {
        refuse(path, refusal.get());
        refusals++;
      } else {
        own.add(path);
      }
    }
    int failed = own.isEmpty() ? 0 : deleteOwn(own);
    if (failed + refusals > 0) {
      throw new BulkDeletionFailureException(failed + refusals);
    }
  }

  private int deleteOwn(List<String> own) {
    if (delegate instanceof SupportsBulkOperations bulk) {
      try {
        bulk.deleteFiles(own);
        return 0;
      } catch (BulkDeletionFailureException e) {
        return e.numberFailedObjects();
      }
    }
    int failed = 0;
    for (String path : own) {
      try {
        delegate.deleteFile(path);
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete {}: {}", path, e.toString());
        failed++;
      }
    }
    return failed;
  }

  void refuse(String path, String reason) {
    RefusedDelete refusal = new RefusedDelete(path, reason);
    long count = refusedCount == null ? 1 : refusedCount.incrementAndGet();
    // A table that names a million foreign files must not flood the log: the first ones at WARN.
    if (count <= REFUSALS_KEPT) {
      LOG.warn("Refused to delete {}: {}", path, reason);
    } else {
      LOG.debug("Refused to delete {}: {}", path, reason);
    }
    if (refusedCount != null) {
      synchronized (refused) {
        if (refused.size() < REFUSALS_KEPT) {
          refused.add(refusal);
        }
      }
    }
    if (listener != null) {
      listener.accept(refusal);
    }
  }

  @Override
  public InputFile newInputFile(String path) {
    return delegate.newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return delegate.newInputFile(path, length);
  }

  @Override
  public InputFile newInputFile(DataFile file) {
    return delegate.newInputFile(file);
  }

  @Override
  public InputFile newInputFile(DeleteFile file) {
    return delegate.newInputFile(file);
  }

  @Override
  public InputFile newInputFile(ManifestFile manifest) {
    return delegate.newInputFile(manifest);
  }

  @Override
  public InputFile newInputFile(ManifestListFile manifestList) {
    return delegate.newInputFile(manifestList);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return delegate.newOutputFile(path);
  }

  @Override
  public Map<String, String> properties() {
    return delegate.properties();
  }

  @Override
  public void initialize(Map<String, String> properties) {
    delegate.initialize(properties);
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The fence over a FileIO that lists and deletes by prefix, such as {@code S3FileIO}. */
  static final class WithPrefixes extends FencedFileIO implements SupportsPrefixOperations {
    private static final long serialVersionUID = 1L;

    WithPrefixes(
        FileIO delegate,
        TableLocation location,
        Supplier<TableLocation> lazyLocation,
        Consumer<RefusedDelete> listener) {
      super(delegate, location, lazyLocation, listener);
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
      return ((SupportsPrefixOperations) delegate()).listPrefix(prefix);
    }

    /**
     * Deletes everything under a prefix that is one of the table's roots or lies inside one. The
     * prefix goes to storage ending in {@code /}: object stores match prefixes as strings, and
     * {@code .../orders-1} would also match a neighbour's {@code .../orders-12/}.
     */
    @Override
    public void deletePrefix(String prefix) {
      if (!location().containsPrefix(prefix)) {
        String reason = "the prefix is not inside the table location " + location();
        refuse(prefix, reason);
        throw new RefusedDeleteException(prefix, reason);
      }
      ((SupportsPrefixOperations) delegate())
          .deletePrefix(prefix.endsWith("/") ? prefix : prefix + "/");
    }
  }
}
