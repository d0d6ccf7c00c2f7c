package dev.firn.maintenance.orphans;

import java.util.List;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsBulkOperations;

/** Deletes files, a batch at a time. */
@FunctionalInterface
public interface FileDeleter {
  /**
   * Deletes the files; a file already gone counts as deleted.
   *
   * @throws BulkDeletionFailureException saying how many could not be deleted; any other exception
   *     means none of the batch is known to be deleted
   */
  void delete(List<String> locations);

  /**
   * Deletes through a {@link FileIO}: in bulk when it supports bulk operations, such as {@code
   * S3FileIO}, otherwise one file at a time.
   */
  static FileDeleter of(FileIO io) {
    if (io instanceof SupportsBulkOperations bulk) {
      return bulk::deleteFiles;
    }
    return locations -> {
      int failed = 0;
      for (String location : locations) {
        try {
          io.deleteFile(location);
        } catch (RuntimeException e) {
          failed++;
        }
      }
      if (failed > 0) {
        throw new BulkDeletionFailureException(failed);
      }
    };
  }
}
