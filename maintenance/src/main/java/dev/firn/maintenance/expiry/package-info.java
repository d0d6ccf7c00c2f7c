/** Snapshot expiry by policy age and count, sparing refs and snapshots compactions hold. */
package dev.firn.maintenance.expiry;
