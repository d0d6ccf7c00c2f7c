package dev.firn.maintenance.orphans;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.iceberg.io.FileInfo;

/**
 * A table location's listing held against what the table's metadata reaches: the orphans old enough
 * to delete, and any reason not to delete anything at all.
 */
final class ListingReview {
  private static final int PROBLEMS_SHOWN = 5;

  private final ReachableFiles reachable;
  private final String tableUuid;
  private final Function<String, String> tableUuidOf;
  private final long cutoffMillis;
  private final List<FileInfo> orphans = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /**
   * @param tableUuidOf reads the table UUID of a metadata file, throwing when it cannot
   * @param cutoffMillis files modified after this stay, whatever reaches them
   */
  ListingReview(
      ReachableFiles reachable,
      String tableUuid,
      Function<String, String> tableUuidOf,
      long cutoffMillis) {
    this.reachable = reachable;
    this.tableUuid = tableUuid;
    this.tableUuidOf = tableUuidOf;
    this.cutoffMillis = cutoffMillis;
  }

  ListingReview review(List<FileInfo> listing) {
    for (FileInfo file : listing) {
      StorageLocation location = StorageLocation.of(file.location());
      Optional<StorageLocation> reached = reachable.samePath(location);
      if (reached.isPresent()) {
        if (!reached.get().equals(location)) {
          // The metadata names this object in a way Firn does not resolve to it, or names another
          // object: either way "unreachable" cannot be trusted.
          problems.add(
              "listed "
                  + file.location()
                  + " and referenced "
                  + reached.get()
                  + " share a path but not a scheme and bucket");
        }
        continue;
      }
      // Files younger than the minimum age may belong to a write that has not committed yet.
      boolean old = file.createdAtMillis() <= cutoffMillis;
      if (isMetadataFile(location.path()) && !ownMetadata(file.location(), old)) {
        continue;
      }
      if (old) {
        orphans.add(file);
      }
    }
    return this;
  }

  List<FileInfo> orphans() {
    return orphans;
  }

  /** Why nothing may be deleted, or empty. */
  Optional<String> problem() {
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    String shown =
        String.join("; ", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())));
    int more = problems.size() - PROBLEMS_SHOWN;
    return Optional.of(shown + (more > 0 ? "; and " + more + " more" : ""));
  }

  /**
   * Whether a metadata file outside the table's log is this table's. Another table's metadata under
   * this location means two tables share it, and this one's listing cannot be trusted.
   */
  private boolean ownMetadata(String location, boolean old) {
    String uuid;
    try {
      uuid = tableUuidOf.apply(location);
    } catch (RuntimeException e) {
      // A young file may still be being written; an old one that cannot be read is in doubt.
      if (old) {
        problems.add("cannot read metadata file " + location + " to tell its table: " + e);
      }
      return false;
    }
    if (!tableUuid.equals(uuid)) {
      problems.add(
          "metadata file " + location + " belongs to table " + uuid + ", not to " + tableUuid);
      return false;
    }
    return true;
  }

  private static boolean isMetadataFile(String path) {
    return path.endsWith(".metadata.json") || path.endsWith(".metadata.json.gz");
  }
}
