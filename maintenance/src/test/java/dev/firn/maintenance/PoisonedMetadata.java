package dev.firn.maintenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table's metadata made to reach into another table's files, as an older Firn or a tool writing
 * straight into the catalog database could have left it: a copy of the attacker's real metadata
 * with a new current snapshot whose manifest list is the victim's, a statistics file and a
 * partition statistics file (of the attacker's first snapshot) that are the victim's current
 * metadata file, and a metadata log entry naming the victim's first metadata file. The Spark
 * engine's tests use it too, through this module's test jar.
 */
public final class PoisonedMetadata {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PoisonedMetadata() {}

  /**
   * The JSON text of the poisoned metadata.
   *
   * @param attacker the attacker's current metadata, as read from its file
   * @param victim the victim's current metadata
   * @param victimMetadataSize the size of the victim's current metadata file
   */
  public static String of(TableMetadata attacker, TableMetadata victim, long victimMetadataSize) {
    ObjectNode json = parse(TableMetadataParser.toJson(attacker));
    Snapshot parent = attacker.currentSnapshot();
    long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    long sequence = attacker.lastSequenceNumber() + 1;
    long now = parent.timestampMillis() + 1;

    ObjectNode snapshot = json.withArray("snapshots").addObject();
    snapshot
        .put("sequence-number", sequence)
        .put("snapshot-id", id)
        .put("parent-snapshot-id", parent.snapshotId())
        .put("timestamp-ms", now)
        .put("manifest-list", victim.currentSnapshot().manifestListLocation())
        .put("schema-id", attacker.currentSchemaId());
    snapshot.putObject("summary").put("operation", "append");
    json.put("last-sequence-number", sequence).put("current-snapshot-id", id);
    json.put("last-updated-ms", now);
    ((ObjectNode) json.get("refs").get("main")).put("snapshot-id", id);
    json.withArray("snapshot-log").addObject().put("timestamp-ms", now).put("snapshot-id", id);

    long first = attacker.snapshots().get(0).snapshotId();
    String victimMetadata = victim.metadataFileLocation();
    json.putArray("statistics")
        .addObject()
        .put("snapshot-id", first)
        .put("statistics-path", victimMetadata)
        .put("file-size-in-bytes", victimMetadataSize)
        .put("file-footer-size-in-bytes", 0)
        .putArray("blob-metadata");
    json.putArray("partition-statistics")
        .addObject()
        .put("snapshot-id", first)
        .put("statistics-path", victimMetadata)
        .put("file-size-in-bytes", victimMetadataSize);

    ArrayNode log = json.withArray("metadata-log");
    log.insertObject(0)
        .put("timestamp-ms", victim.previousFiles().get(0).timestampMillis())
        .put("metadata-file", victim.previousFiles().get(0).file());
    log.addObject()
        .put("timestamp-ms", attacker.lastUpdatedMillis())
        .put("metadata-file", attacker.metadataFileLocation());
    return json.toString();
  }

  /**
   * Points a table's row in a catalog database straight at another metadata file, bypassing the
   * catalog's API, as another tool could.
   */
  public static void pointCatalogAt(
      Path sqlite, TableIdentifier table, String current, String poisoned) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
        PreparedStatement update =
            db.prepareStatement(
                "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?"
                    + " WHERE table_namespace = ? AND table_name = ? AND metadata_location = ?")) {
      db.createStatement().execute("PRAGMA busy_timeout = 10000");
      update.setString(1, poisoned);
      update.setString(2, current);
      update.setString(3, table.namespace().toString());
      update.setString(4, table.name());
      update.setString(5, current);
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("No row of " + table + " at " + current);
      }
    }
  }

  private static ObjectNode parse(String text) {
    try {
      return (ObjectNode) MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
