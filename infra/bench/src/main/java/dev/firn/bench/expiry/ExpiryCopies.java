package dev.firn.bench.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.RewriteTablePathUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.util.Pair;

/**
 * Fresh copies of the generated table for expiry, which commits the removal of snapshots. A copy is
 * a table of its own: the original's manifest lists, manifests and data files are copied under a
 * new location, the manifest lists and manifests rewritten to name the copied files, and a new
 * metadata file with that location, a UUID of its own and an empty metadata log is registered under
 * its own name. Every path a copy names lies under its own location, as Firn's catalog requires,
 * and it holds the original's snapshots (ids, timestamps, sequence numbers), manifest lists,
 * manifests and data files one for one, so expiry has the same work on every copy. Expiry deletes
 * none of a copy's files (its deleter deletes nothing); its commit writes the new metadata file
 * under the copy's location, away from the original's, which orphan listing lists.
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
    catalog.registerTable(id, write(table.metadataLocation(), location));
    return id;
  }

  /**
   * Copies the table whose metadata file is {@code metadataLocation} to {@code location} and
   * returns the copy's metadata file.
   */
  String write(String metadataLocation, String location) {
    TableMetadata original = TableMetadataParser.read(io, metadataLocation);
    String source = original.location();
    Set<Long> snapshotIds = new HashSet<>();
    Map<String, ManifestFile> manifests = new LinkedHashMap<>();
    for (Snapshot snapshot : original.snapshots()) {
      snapshotIds.add(snapshot.snapshotId());
      snapshot
          .allManifests(io)
          .forEach(manifest -> manifests.putIfAbsent(manifest.path(), manifest));
    }

    // Manifests first: each manifest list records its manifests' new lengths.
    Map<String, Long> manifestLengths = new LinkedHashMap<>();
    for (ManifestFile manifest : manifests.values()) {
      if (manifest.content() != ManifestContent.DATA) {
        throw new IllegalStateException("Not a data manifest: " + manifest.path());
      }
      OutputFile target = io.newOutputFile(moved(manifest.path(), source, location));
      try {
        RewriteTablePathUtil.RewriteResult<DataFile> result =
            RewriteTablePathUtil.rewriteDataManifest(
                manifest,
                snapshotIds,
                target,
                io,
                original.formatVersion(),
                original.specsById(),
                source,
                location);
        // Every data file is live in the manifest of the snapshot that added it.
        for (Pair<String, String> file : result.copyPlan()) {
          copyObject(file.first(), file.second());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot rewrite " + manifest.path(), e);
      }
      manifestLengths.put(manifest.path(), target.toInputFile().getLength());
    }
    for (Snapshot snapshot : original.snapshots()) {
      RewriteTablePathUtil.rewriteManifestList(
          snapshot,
          io,
          original,
          manifestLengths,
          source,
          location,
          location,
          moved(snapshot.manifestListLocation(), source, location));
    }

    String metadata = location + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json";
    try {
      ObjectNode json =
          (ObjectNode)
              JSON.readTree(
                  TableMetadataParser.toJson(
                      RewriteTablePathUtil.replacePaths(original, source, location)));
      json.put("table-uuid", UUID.randomUUID().toString());
      // The copy's log starts at its own metadata file: the original's earlier versions are not
      // the copy's.
      json.putArray("metadata-log");
      io.write(metadata, JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + metadataLocation, e);
    }
    return metadata;
  }

  private static String moved(String path, String source, String location) {
    return RewriteTablePathUtil.newPath(path, source, location);
  }

  /** Copies an object byte for byte; the data files are placeholders of a few bytes. */
  private void copyObject(String from, String to) {
    Path target = io.file(to);
    try {
      Files.createDirectories(target.getParent());
      Files.copy(io.file(from), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }
}
