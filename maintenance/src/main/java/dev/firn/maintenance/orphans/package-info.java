/**
 * Orphan removal: deletes the files under a table's location that none of its metadata reaches,
 * once they are older than the minimum age, and aborts without deleting when anything about the
 * listing or the metadata is in doubt.
 */
package dev.firn.maintenance.orphans;
