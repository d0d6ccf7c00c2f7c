package dev.firn.maintenance.expiry;

import java.util.List;
import org.apache.iceberg.Snapshot;

/**
 * What an expiry would do: the cutoff it expires before and the snapshots that would go.
 *
 * @param cutoffMillis snapshots older than this may expire, unless a ref or the count keeps them
 * @param expiring the snapshots that would expire, oldest first; empty when blocked
 * @param notes why the plan differs from the policy: a lowered cutoff, or why nothing expires
 * @param blocked whether a protected snapshot would expire whatever the cutoff, so nothing may
 */
record ExpiryPlan(long cutoffMillis, List<Snapshot> expiring, List<String> notes, boolean blocked) {
  ExpiryPlan {
    expiring = List.copyOf(expiring);
    notes = List.copyOf(notes);
  }
}
