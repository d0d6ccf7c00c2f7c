package dev.firn.catalog.store;

import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One page of a table or view listing.
 *
 * @param identifiers the names on this page, in name order
 * @param lastName the last name on this page when more may follow, else null
 */
public record TablePage(List<TableIdentifier> identifiers, String lastName) {}
