package dev.firn.catalog.rebase;

import dev.firn.catalog.CatalogMetrics;
import dev.firn.vocabulary.Zone;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an append, or a rewrite such as compaction, whose branch moved since the client read it on
 * top of the branch's current head, as the client's own retry would (see {@link RebasedSnapshot}).
 * The client then gets 200 instead of a 409 and a retry after a back-off. A rewrite goes over
 * appends only ({@link RewrittenManifests}): that is what lets compaction land while writers keep
 * appending.
 *
 * <p>Anything that is not certainly a plain append is refused, and the caller answers the usual
 * 409. Rebases of one table on this node take turns, so that they do not fail each other's swaps; a
 * swap that fails because another commit landed first is tried again on the new head, a few times.
 */
public final class AppendRebase {
  /** The table property that turns rebased appends on or off (default: on in the raw zone only). */
  public static final String REBASE_APPENDS_PROPERTY = "firn.commit.rebase-appends";

  private static final Logger LOG = LoggerFactory.getLogger(AppendRebase.class);

  /** Swaps tried before the client gets its 409. */
  static final int ATTEMPTS = 5;

  /** How long a rebase waits for the other rebases of its table before giving up. */
  static final Duration TURN_WAIT = Duration.ofSeconds(10);

  private static final int STRIPES = 64;

  private final FileIO io;
  private final Clock clock;
  private final CatalogMetrics metrics;
  private final ReentrantLock[] turns = new ReentrantLock[STRIPES];
  private final ManifestLists lists;

  public AppendRebase(FileIO io, Clock clock, CatalogMetrics metrics) {
    this.io = io;
    this.lists = new ManifestLists(io, ManifestLists.MAX_MANIFESTS_DEFAULT);
    this.clock = clock;
    this.metrics = metrics;
    for (int i = 0; i < STRIPES; i++) {
      turns[i] = new ReentrantLock(true);
    }
  }

  /** Why an append is not rebased. Nothing was written when it is thrown. */
  static final class Refusal extends RuntimeException {
    Refusal(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * What a rebase puts on the branch's head: the client's snapshot, the check of a fresh table
   * version, and the entries of its new manifest list on that version.
   */
  private interface Plan {
    Snapshot snapshot();

    MetadataUpdate.SetSnapshotRef ref();

    /**
     * @throws Refusal when the snapshot cannot go on this version of the table
     */
    void check(TableMetadata base);

    /**
     * @throws Refusal when the snapshot cannot go on this version of the table
     */
    List<ManifestListFile.Entry> entries(TableMetadata base, Snapshot head, long sequenceNumber);
  }

  /**
   * Commits the append on the branch's current head and returns the table's new metadata; empty
   * when the append does not qualify or keeps losing races, and nothing was committed.
   *
   * @throws CommitStateUnknownException when a swap's outcome is unknown
   */
  public Optional<TableMetadata> commit(
      TableIdentifier id, TableOperations ops, AppendRequest append) {
    Plan plan;
    try {
      List<ManifestFile> added =
          AppendedManifests.of(checked(id, ops.refresh(), append), append, io, lists);
      plan =
          new Plan() {
            @Override
            public Snapshot snapshot() {
              return append.snapshot();
            }

            @Override
            public MetadataUpdate.SetSnapshotRef ref() {
              return append.ref();
            }

            @Override
            public void check(TableMetadata base) {
              checked(id, base, append);
            }

            @Override
            public List<ManifestListFile.Entry> entries(
                TableMetadata base, Snapshot head, long sequenceNumber) {
              List<ManifestListFile.Entry> entries = new ArrayList<>();
              added.forEach(
                  manifest ->
                      entries.add(
                          new ManifestListFile.Entry(manifest, sequenceNumber, sequenceNumber)));
              if (head != null) {
                entries.addAll(lists.of(head));
              }
              return entries;
            }
          };
    } catch (BadRequestException e) {
      // A path that is not the table's: no retry can fix it.
      throw e;
    } catch (RuntimeException e) {
      return refused(id, append.snapshot(), e);
    }
    return rebase(id, ops, plan, metrics::rebasedAppend);
  }

  /**
   * Commits a rewrite (compaction) on the branch's current head, over the appends that landed since
   * the client read it, and returns the table's new metadata; empty when the rewrite does not
   * qualify or keeps losing races, and nothing was committed.
   *
   * @throws CommitStateUnknownException when a swap's outcome is unknown
   */
  public Optional<TableMetadata> commitRewrite(
      TableIdentifier id, TableOperations ops, RewriteRequest rewrite) {
    Plan plan =
        new Plan() {
          @Override
          public Snapshot snapshot() {
            return rewrite.snapshot();
          }

          @Override
          public MetadataUpdate.SetSnapshotRef ref() {
            return rewrite.ref();
          }

          @Override
          public void check(TableMetadata base) {
            if (base == null) {
              throw new Refusal("the table does not exist");
            }
            if ("false".equals(base.properties().get(REBASE_APPENDS_PROPERTY))) {
              throw new Refusal("the table does not take rebased commits");
            }
            rewrite
                .refusal(base)
                .ifPresent(
                    reason -> {
                      throw new Refusal(reason);
                    });
          }

          @Override
          public List<ManifestListFile.Entry> entries(
              TableMetadata base, Snapshot head, long sequenceNumber) {
            return RewrittenManifests.on(base, head, rewrite, io, lists, sequenceNumber);
          }
        };
    return rebase(id, ops, plan, metrics::rebasedRewrite);
  }

  /** Whether this thread is rebasing: the commits a rebase makes are not rebased again. */
  private static final ThreadLocal<Boolean> REBASING = ThreadLocal.withInitial(() -> false);

  /** Whether the calling thread is inside a rebase. */
  public static boolean rebasing() {
    return REBASING.get();
  }

  private Optional<TableMetadata> rebase(
      TableIdentifier id, TableOperations ops, Plan plan, Runnable counted) {
    ReentrantLock turn = turns[Math.floorMod(id.hashCode(), STRIPES)];
    if (!awaitTurn(turn)) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    Attempt result = null;
    REBASING.set(true);
    try {
      for (int attempt = 1; attempt <= ATTEMPTS && (result == null || result.retry()); attempt++) {
        result = attempt(id, ops, plan);
      }
    } finally {
      REBASING.set(false);
      turn.unlock();
    }
    if (!result.committed()) {
      if (result.retry()) {
        LOG.debug(
            "Not rebasing snapshot {} of {}: lost {} races",
            plan.snapshot().snapshotId(),
            id,
            ATTEMPTS);
      }
      return Optional.empty();
    }
    counted.run();
    LOG.debug(
        "Rebased snapshot {} of {} onto {} in {} ms",
        plan.snapshot().snapshotId(),
        id,
        result.parent(),
        (System.nanoTime() - started) / 1_000_000);
    // Read after the turn is passed on: the next rebase of the table need not wait for it.
    return Optional.of(ops.current());
  }

  /**
   * The result of one try.
   *
   * @param committed whether the rebased snapshot is now the branch's head
   * @param parent the head the snapshot was put on
   * @param retry whether another try may succeed
   */
  private record Attempt(boolean committed, Long parent, boolean retry) {
    static final Attempt LOST = new Attempt(false, null, true);
    static final Attempt REFUSED = new Attempt(false, null, false);
  }

  /** One try on fresh metadata. */
  private Attempt attempt(TableIdentifier id, TableOperations ops, Plan plan) {
    TableMetadata base;
    RebasedSnapshot.Written updated;
    String manifestList = null;
    Snapshot client = plan.snapshot();
    try {
      base = ops.refresh();
      plan.check(base);
      manifestList =
          ops.metadataFileLocation(
              String.format("snap-%d-rebased-%s.avro", client.snapshotId(), UUID.randomUUID()));
      long now = Math.max(clock.millis(), base.lastUpdatedMillis());
      RebasedSnapshot rebased = new RebasedSnapshot(base, client, plan.ref(), now);
      updated =
          rebased.write(
              io, manifestList, plan.entries(base, rebased.head(), base.nextSequenceNumber()));
    } catch (BadRequestException e) {
      if (manifestList != null) {
        deleteQuietly(manifestList);
      }
      throw e;
    } catch (RuntimeException e) {
      if (manifestList != null) {
        deleteQuietly(manifestList);
      }
      refused(id, client, e);
      return Attempt.REFUSED;
    }
    try {
      ops.commit(base, updated.metadata());
    } catch (CommitStateUnknownException e) {
      // The new list may be referenced now: keep it.
      throw e;
    } catch (CommitFailedException e) {
      deleteQuietly(manifestList);
      return Attempt.LOST;
    } catch (dev.firn.catalog.store.IdempotencyStore.KeyTakenOverException e) {
      // A retry holds the request now: this attempt must end, not be answered as a conflict.
      deleteQuietly(manifestList);
      throw e;
    } catch (RuntimeException e) {
      // Any other failure of a commit leaves the pointer as it was.
      deleteQuietly(manifestList);
      refused(id, client, e);
      return Attempt.REFUSED;
    }
    lists.remember(manifestList, updated.entries());
    SnapshotRef head = base.ref(plan.ref().name());
    return new Attempt(true, head == null ? null : head.snapshotId(), false);
  }

  /**
   * Whether a table takes rebased appends: as its {@link #REBASE_APPENDS_PROPERTY} says, else only
   * in the raw zone. Landing tables there take appends; elsewhere a commit that only adds rows may
   * be a MERGE whose engine would check for conflicting files on its retry.
   */
  static boolean allowed(TableIdentifier id, TableMetadata base) {
    String set = base.properties().get(REBASE_APPENDS_PROPERTY);
    return set != null ? Boolean.parseBoolean(set) : Zone.RAW.contains(id.namespace());
  }

  /** Refuses a value of the rebase property other than true or false. */
  public static void checkProperty(String key, String value) {
    if (REBASE_APPENDS_PROPERTY.equals(key) && !value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          "Invalid value for " + key + ": '" + value + "' (expected true or false)");
    }
  }

  private static TableMetadata checked(
      TableIdentifier id, TableMetadata base, AppendRequest append) {
    if (base == null) {
      throw new Refusal("the table does not exist");
    }
    if (!allowed(id, base)) {
      throw new Refusal("the table does not take rebased appends");
    }
    append
        .refusal(base)
        .ifPresent(
            reason -> {
              throw new Refusal(reason);
            });
    return base;
  }

  private static Optional<TableMetadata> refused(
      TableIdentifier id, Snapshot snapshot, RuntimeException reason) {
    if (reason instanceof Refusal) {
      LOG.debug(
          "Not rebasing snapshot {} of {}: {}", snapshot.snapshotId(), id, reason.getMessage());
    } else {
      LOG.debug("Not rebasing snapshot {} of {}", snapshot.snapshotId(), id, reason);
    }
    return Optional.empty();
  }

  private static boolean awaitTurn(ReentrantLock turn) {
    try {
      return turn.tryLock(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void deleteQuietly(String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete unused manifest list {}", location, e);
    }
  }
}
