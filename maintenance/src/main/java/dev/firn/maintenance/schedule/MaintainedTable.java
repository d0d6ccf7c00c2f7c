package dev.firn.maintenance.schedule;

import dev.firn.maintenance.policy.EffectivePolicy;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table under a zone, loaded, with the policy it is maintained under.
 *
 * @param id the table
 * @param table the table as loaded
 * @param policy its effective policy
 */
public record MaintainedTable(TableIdentifier id, Table table, EffectivePolicy policy) {}
