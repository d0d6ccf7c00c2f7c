/**
 * The catalog journal: a copy, in the warehouse itself, of what the catalog database holds that no
 * metadata file does (each table's and view's name and last known metadata file, each namespace and
 * its properties), and {@code firn recover}, which rebuilds the database from it and from the
 * metadata files' own history when the database is lost.
 */
package dev.firn.catalog.journal;
