package dev.firn.catalog.iceberg;

import dev.firn.catalog.CatalogMetrics;
import dev.firn.catalog.CatalogMetrics.CommitOutcome;
import dev.firn.catalog.store.PointerChange;
import dev.firn.catalog.store.TableStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of every commit: after the new metadata files are written, one compare-and-swap
 * of each pointer in one database transaction, attempted once and never retried here.
 *
 * <p>When the swap certainly did not apply (a conflict, a name taken, a namespace gone, a location
 * taken) the new metadata files are deleted and the error goes back to the caller. When the
 * database fails in a way that leaves the outcome open, the pointers are read again: if they name
 * the new files the commit applied; otherwise the caller gets {@link CommitStateUnknownException}
 * and nothing is deleted, because the files may now be referenced.
 */
final class PointerCommit {
  private static final Logger LOG = LoggerFactory.getLogger(PointerCommit.class);

  private final TableStore tables;
  private final FileIO io;
  private final CatalogMetrics metrics;

  PointerCommit(TableStore tables, FileIO io, CatalogMetrics metrics) {
    this.tables = tables;
    this.io = io;
    this.metrics = metrics;
  }

  void apply(PointerChange change) {
    apply(List.of(change));
  }

  void apply(List<PointerChange> changes) {
    boolean mayDelete = true;
    try {
      tables.apply(changes);
      mayDelete = false;
      metrics.commit(CommitOutcome.APPLIED);
    } catch (CommitFailedException e) {
      metrics.commit(CommitOutcome.CONFLICT);
      throw e;
    } catch (SQLException e) {
      mayDelete = false;
      if (!appliedDespite(changes, e)) {
        metrics.commit(CommitOutcome.UNKNOWN);
        throw new CommitStateUnknownException(e);
      }
      metrics.commit(CommitOutcome.APPLIED_DESPITE_ERROR);
    } finally {
      if (mayDelete) {
        changes.forEach(change -> deleteQuietly(change.newMetadata()));
      }
    }
  }

  private boolean appliedDespite(List<PointerChange> changes, SQLException failure) {
    try {
      boolean applied = true;
      for (PointerChange change : changes) {
        Optional<String> current = tables.metadataLocation(change.id(), change.kind());
        applied &= current.isPresent() && current.get().equals(change.newMetadata());
      }
      if (applied) {
        LOG.warn(
            "Commit to {} applied although the database reported: {}",
            ids(changes),
            failure.toString());
        return true;
      }
    } catch (RuntimeException checkFailure) {
      failure.addSuppressed(checkFailure);
    }
    LOG.error("Commit to {} has an unknown outcome: {}", ids(changes), failure.toString());
    return false;
  }

  private static List<String> ids(List<PointerChange> changes) {
    return changes.stream().map(change -> change.id().toString()).toList();
  }

  private void deleteQuietly(String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete uncommitted metadata file {}", location, e);
    }
  }
}
