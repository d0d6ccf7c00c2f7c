/** Cleanup of metadata.json files that have left a table's metadata log. */
package dev.firn.maintenance.metadata;
