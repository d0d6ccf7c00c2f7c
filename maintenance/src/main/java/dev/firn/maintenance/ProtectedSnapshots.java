package dev.firn.maintenance;

import java.util.Set;

/**
 * Snapshots that expiry must keep whatever the policy says: the ones running compactions started
 * from, whose files those compactions are still reading.
 */
@FunctionalInterface
public interface ProtectedSnapshots {
  ProtectedSnapshots NONE = tableUuid -> Set.of();

  /** The protected snapshot ids of the table with this UUID. */
  Set<Long> of(String tableUuid);
}
