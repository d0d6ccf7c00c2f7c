package dev.firn.maintenance.compaction;

import java.util.Collection;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the files a compaction wrote but will not commit. Each file is deleted on its own, and a
 * delete that fails, or that the table's fence refuses, leaves the others to go: a file left behind
 * is an orphan that orphan removal finds later.
 */
final class UncommittedFiles {
  private static final Logger LOG = LoggerFactory.getLogger(UncommittedFiles.class);

  private UncommittedFiles() {}

  static void delete(Table table, Collection<? extends ContentFile<?>> files) {
    for (ContentFile<?> file : files) {
      delete(table, file.location());
    }
  }

  static void delete(Table table, String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn(
          "Compaction of {}: cannot delete uncommitted file {}: {}",
          table.name(),
          location,
          e.toString());
    }
  }
}
