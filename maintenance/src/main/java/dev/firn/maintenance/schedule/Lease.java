package dev.firn.maintenance.schedule;

import java.time.Instant;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The right to run maintenance on a table, held by one Firn node until it is released or expires.
 *
 * @param table the table
 * @param owner the node holding it
 * @param acquired when the holder took it
 * @param expires when it lapses unless the holder renews it
 */
public record Lease(TableIdentifier table, String owner, Instant acquired, Instant expires) {}
