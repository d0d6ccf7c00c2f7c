package dev.firn.catalog.iceberg;

import dev.firn.catalog.store.PointerChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.RetryableValidationException;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits changes to several tables atomically: every table's new metadata file is written first,
 * then all pointers swap in one database transaction, or none does. When a pointer moved since its
 * table was read, and every requirement still holds on the fresh state, the whole transaction is
 * rebased and tried again; a failed requirement fails it at once.
 */
final class MultiTableCommit {
  private static final Logger LOG = LoggerFactory.getLogger(MultiTableCommit.class);

  /** Attempts when pointers move underneath the transaction. */
  static final int ATTEMPTS = 5;

  private final Function<TableIdentifier, FirnTableOperations> operations;
  private final PointerCommit pointer;
  private final FileIO io;

  MultiTableCommit(
      Function<TableIdentifier, FirnTableOperations> operations, PointerCommit pointer, FileIO io) {
    this.operations = operations;
    this.pointer = pointer;
    this.io = io;
  }

  void commit(List<UpdateTableRequest> changes) {
    checkDistinct(changes);
    for (int attempt = 1; ; attempt++) {
      List<PointerChange> prepared = new ArrayList<>();
      try {
        for (UpdateTableRequest change : changes) {
          prepare(change).ifPresent(prepared::add);
        }
      } catch (RuntimeException e) {
        prepared.forEach(this::deleteQuietly);
        throw e;
      }
      if (prepared.isEmpty()) {
        return;
      }
      try {
        pointer.apply(prepared);
        LOG.info("Committed a transaction over {} tables", prepared.size());
        return;
      } catch (CommitFailedException conflict) {
        if (attempt >= ATTEMPTS) {
          throw conflict;
        }
        LOG.debug("Transaction conflicted on attempt {}; rebasing", attempt, conflict);
        backOff(attempt);
      }
    }
  }

  /** Validates one table's change on fresh metadata and writes its new metadata file. */
  private Optional<PointerChange> prepare(UpdateTableRequest change) {
    TableIdentifier id = change.identifier();
    FirnTableOperations ops = operations.apply(id);
    TableMetadata base = ops.refresh();
    boolean create =
        change.requirements().stream()
            .anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
    if (create && base != null) {
      throw new AlreadyExistsException("Table already exists: %s", id);
    }
    if (!create && base == null) {
      throw new NoSuchTableException("Table does not exist: %s", id);
    }
    change.requirements().forEach(requirement -> requirement.validate(base));

    TableMetadata.Builder builder = create ? emptyBuilder(change) : TableMetadata.buildFrom(base);
    try {
      change.updates().forEach(update -> update.applyTo(builder));
    } catch (RetryableValidationException e) {
      // Stale values in the request itself: the client must refresh and retry.
      throw new CommitFailedException(e, "Validation failed, please retry: %s", e.getMessage());
    }
    TableMetadata updated = builder.build();
    if (!create && updated.changes().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ops.prepare(base, updated));
  }

  private static TableMetadata.Builder emptyBuilder(UpdateTableRequest change) {
    return change.updates().stream()
        .filter(MetadataUpdate.UpgradeFormatVersion.class::isInstance)
        .map(update -> ((MetadataUpdate.UpgradeFormatVersion) update).formatVersion())
        .findFirst()
        .map(TableMetadata::buildFromEmpty)
        .orElseGet(TableMetadata::buildFromEmpty);
  }

  private static void checkDistinct(List<UpdateTableRequest> changes) {
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("Invalid transaction: no table changes");
    }
    Set<TableIdentifier> seen = new HashSet<>();
    for (UpdateTableRequest change : changes) {
      if (change.identifier() == null) {
        throw new IllegalArgumentException("Invalid transaction: a table change has no identifier");
      }
      if (!seen.add(change.identifier())) {
        throw new IllegalArgumentException(
            "Invalid transaction: more than one change to table " + change.identifier());
      }
    }
  }

  private static void backOff(int attempt) {
    long ceiling = Math.min(2_000, 50L << attempt);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(e, "Interrupted while retrying a transaction");
    }
  }

  private void deleteQuietly(PointerChange change) {
    try {
      io.deleteFile(change.newMetadata());
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete uncommitted metadata file {}", change.newMetadata(), e);
    }
  }
}
