package dev.firn.bench.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Fresh copies of the generated table for expiry, which commits the removal of snapshots: a copy is
 * one new metadata file, with a location and UUID of its own, over the original's snapshots,
 * manifest lists, manifests and data files, registered under its own name. Expiry reads those
 * shared files and deletes none of them (its deleter deletes nothing); its commit writes the new
 * metadata file under the copy's location, away from the original's, which orphan listing lists.
 */
final class ExpiryCopies {
  static final String NAME_PREFIX = "expiry_copy_";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Catalog catalog;
  private final S3FolderIO io;
  private int made;

  ExpiryCopies(Catalog catalog, S3FolderIO io) {
    this.catalog = catalog;
    this.io = io;
  }

  /** Registers a new copy of the table and returns its name. */
  TableIdentifier copy(HistoryTable table) {
    made++;
    TableIdentifier id = TableIdentifier.of(table.id().namespace(), NAME_PREFIX + made);
    String parent = table.location().substring(0, table.location().lastIndexOf('/'));
    String location =
        parent + "/" + id.name() + "-" + UUID.randomUUID().toString().replace("-", "");
    String metadata = location + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json";
    try {
      ObjectNode json =
          (ObjectNode) JSON.readTree(Files.readAllBytes(io.file(table.metadataLocation())));
      json.put("location", location);
      json.put("table-uuid", UUID.randomUUID().toString());
      io.write(metadata, JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + table.metadataLocation(), e);
    }
    catalog.registerTable(id, metadata);
    return id;
  }
}
