package dev.firn.maintenance.orphans;

import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Lists the files under a prefix with their sizes and modification times. Orphan removal reads the
 * whole listing before it deletes anything, so a listing that fails part way deletes nothing.
 */
@FunctionalInterface
public interface StorageLister {
  /**
   * Every file under the prefix, which ends with {@code /}. Creating or iterating the result may
   * throw.
   */
  Iterable<FileInfo> list(String prefix);

  /** Lists through a {@link FileIO} that supports prefix operations, such as {@code S3FileIO}. */
  static StorageLister of(FileIO io) {
    return prefix -> {
      if (io instanceof SupportsPrefixOperations prefixes) {
        return prefixes.listPrefix(prefix);
      }
      throw new UnsupportedOperationException(
          "Cannot list " + prefix + ": " + io.getClass().getName() + " cannot list prefixes");
    };
  }
}
