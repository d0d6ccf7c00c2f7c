/** Rewrites of small manifests into few large ones, grouped by partition. */
package dev.firn.maintenance.manifests;
