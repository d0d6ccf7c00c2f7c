package dev.firn.catalog.iceberg;

import dev.firn.catalog.store.ObjectKind;
import dev.firn.catalog.store.TableStore;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of every table and view commit: after the new metadata file is written, one
 * compare-and-swap of the pointer, attempted once and never retried here.
 *
 * <p>When the swap certainly did not apply (a conflict, a name taken, a namespace gone) the new
 * metadata file is deleted and the error goes back to the caller. When the database fails in a way
 * that leaves the outcome open, the pointer is read again: if it names the new file the commit
 * applied; otherwise the caller gets {@link CommitStateUnknownException} and nothing is deleted,
 * because the file may now be referenced.
 */
final class PointerCommit {
  private static final Logger LOG = LoggerFactory.getLogger(PointerCommit.class);

  private final TableStore tables;
  private final FileIO io;

  PointerCommit(TableStore tables, FileIO io) {
    this.tables = tables;
    this.io = io;
  }

  /** Points {@code id} at {@code newLocation}; {@code baseLocation} null means create. */
  void apply(TableIdentifier id, ObjectKind kind, String baseLocation, String newLocation) {
    boolean mayDelete = true;
    try {
      if (baseLocation == null) {
        tables.create(id, kind, newLocation);
      } else {
        tables.swap(id, kind, baseLocation, newLocation);
      }
      mayDelete = false;
    } catch (SQLException e) {
      mayDelete = false;
      if (!appliedDespite(id, kind, newLocation, e)) {
        throw new CommitStateUnknownException(e);
      }
    } finally {
      if (mayDelete) {
        deleteQuietly(newLocation);
      }
    }
  }

  private boolean appliedDespite(
      TableIdentifier id, ObjectKind kind, String newLocation, SQLException failure) {
    try {
      Optional<String> current = tables.metadataLocation(id, kind);
      if (current.isPresent() && current.get().equals(newLocation)) {
        LOG.warn("Commit to {} applied although the database reported: {}", id, failure.toString());
        return true;
      }
    } catch (RuntimeException checkFailure) {
      failure.addSuppressed(checkFailure);
    }
    LOG.error("Commit to {} has an unknown outcome: {}", id, failure.toString());
    return false;
  }

  private void deleteQuietly(String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete uncommitted metadata file {}", location, e);
    }
  }
}
