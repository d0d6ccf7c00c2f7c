/**
 * Commits of written files as snapshots: one snapshot per batch in its write mode, stamped with the
 * batch id; the snapshot log read as the ledger of batches; a branch's own changes applied again on
 * {@code main} when it is published.
 *
 * <p>Internal: not part of the writer's API. The classes are public because the load and the
 * publish, in other packages, call them.
 */
package dev.firn.writer.commit;
