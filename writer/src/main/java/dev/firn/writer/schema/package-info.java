/**
 * What a load changes in a table's definition: the schema a new table gets, the additive changes
 * that let an existing table take an input (and which type widenings count as additive), and
 * partition specs parsed from {@code day(ts)}-style terms.
 *
 * <p>Internal: not part of the writer's API. {@link dev.firn.writer.schema.TableSetup} and {@link
 * dev.firn.writer.schema.PartitionFields} are public because the load calls them; the rest is
 * package-private.
 */
package dev.firn.writer.schema;
