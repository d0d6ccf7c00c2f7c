package dev.firn.catalog.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firn.catalog.store.ObjectKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Where the journal's records lie in the warehouse and what they hold. One small JSON object per
 * table or view name ({@code .firn/catalog/objects/}) and per namespace ({@code
 * .firn/catalog/namespaces/}), keyed by a hash of the name so that no name shapes a storage key.
 * The folder lies beside the zones, never inside a table's location.
 */
final class JournalRecords {
  static final int FORMAT = 1;
  static final String FOLDER = ".firn/catalog";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileIO io;
  private final String warehouse;

  JournalRecords(FileIO io, String warehouse) {
    this.io = io;
    this.warehouse = warehouse.replaceAll("/+$", "");
  }

  /** A table or view as the database last held it. */
  record ObjectRecord(TableIdentifier id, ObjectKind kind, String metadataLocation) {}

  /** A namespace and its properties as the database last held them. */
  record NamespaceRecord(Namespace namespace, Map<String, String> properties) {}

  String objectsFolder() {
    return warehouse + "/" + FOLDER + "/objects/";
  }

  String namespacesFolder() {
    return warehouse + "/" + FOLDER + "/namespaces/";
  }

  String objectKey(TableIdentifier id) {
    return objectsFolder() + hash(levels(id.namespace()) + "\u0000" + id.name()) + ".json";
  }

  String namespaceKey(Namespace namespace) {
    return namespacesFolder() + hash(levels(namespace)) + ".json";
  }

  void write(ObjectRecord record) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("kind", record.kind() == ObjectKind.VIEW ? "view" : "table");
    putNamespace(node, record.id().namespace());
    node.put("name", record.id().name());
    node.put("metadata-location", record.metadataLocation());
    put(objectKey(record.id()), node);
  }

  void write(NamespaceRecord record) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    putNamespace(node, record.namespace());
    ObjectNode properties = node.putObject("properties");
    new TreeMap<>(record.properties()).forEach(properties::put);
    put(namespaceKey(record.namespace()), node);
  }

  void delete(String key) {
    io.deleteFile(key);
  }

  /** Whether the journal holds any table or view. */
  boolean holdsObjects() {
    Iterator<FileInfo> files = list(objectsFolder()).iterator();
    return files.hasNext();
  }

  /** Every table and view record, and the keys of records that cannot be read. */
  Read<ObjectRecord> objects() {
    List<ObjectRecord> records = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (FileInfo file : list(objectsFolder())) {
      try {
        JsonNode node = read(file.location());
        ObjectKind kind =
            "view".equals(node.path("kind").asText()) ? ObjectKind.VIEW : ObjectKind.TABLE;
        records.add(
            new ObjectRecord(
                TableIdentifier.of(namespace(node), text(node, "name")),
                kind,
                text(node, "metadata-location")));
      } catch (RuntimeException e) {
        unreadable.add(file.location() + ": " + e.getMessage());
      }
    }
    return new Read<>(records, unreadable);
  }

  /** Every namespace record, and the keys of records that cannot be read. */
  Read<NamespaceRecord> namespaces() {
    List<NamespaceRecord> records = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (FileInfo file : list(namespacesFolder())) {
      try {
        JsonNode node = read(file.location());
        Map<String, String> properties = new TreeMap<>();
        node.path("properties")
            .fields()
            .forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
        records.add(new NamespaceRecord(namespace(node), properties));
      } catch (RuntimeException e) {
        unreadable.add(file.location() + ": " + e.getMessage());
      }
    }
    return new Read<>(records, unreadable);
  }

  /** Records read, and the records that could not be, each with why. */
  record Read<T>(List<T> records, List<String> unreadable) {}

  Iterable<FileInfo> list(String folder) {
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      throw new IllegalStateException("The warehouse's storage cannot list files");
    }
    return prefixes.listPrefix(folder);
  }

  private JsonNode read(String key) {
    try (InputStream in = io.newInputFile(key).newStream()) {
      JsonNode node = JSON.readTree(in);
      if (node == null || node.path("format").asInt() != FORMAT) {
        throw new IllegalArgumentException("not a journal record of format " + FORMAT);
      }
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void put(String key, ObjectNode node) {
    try (OutputStream out = io.newOutputFile(key).createOrOverwrite()) {
      out.write(JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write journal record " + key, e);
    }
  }

  private static void putNamespace(ObjectNode node, Namespace namespace) {
    ArrayNode levels = node.putArray("namespace");
    for (String level : namespace.levels()) {
      levels.add(level);
    }
  }

  private static Namespace namespace(JsonNode node) {
    JsonNode levels = node.path("namespace");
    if (!levels.isArray() || levels.isEmpty()) {
      throw new IllegalArgumentException("no namespace");
    }
    List<String> result = new ArrayList<>();
    levels.forEach(level -> result.add(level.asText()));
    return Namespace.of(result.toArray(String[]::new));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("no " + field);
    }
    return value.asText();
  }

  private static String levels(Namespace namespace) {
    return String.join("\u001f", namespace.levels());
  }

  private static String hash(String name) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
