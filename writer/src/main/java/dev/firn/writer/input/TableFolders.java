package dev.firn.writer.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Refuses inputs that are an Iceberg table's own files. A table's data folder holds files its
 * snapshots replaced and delete files that hide rows: read as plain files, they come back as rows.
 * A folder is a table's when a {@code metadata} folder beside it or above it holds a {@code
 * .metadata.json} file, whichever catalog keeps the table.
 */
public final class TableFolders {
  private static final String METADATA_SUFFIX = ".metadata.json";

  private TableFolders() {}

  /**
   * Checks what a load would read.
   *
   * @param locations the locations the user named
   * @param files the files they resolved to
   * @param s3 the FileIO for {@code s3://} locations, or null when none is remote
   * @throws BadInputException naming the table and saying how to copy one
   */
  public static void refuseTableFiles(List<String> locations, List<InputFile> files, FileIO s3) {
    for (InputFile file : files) {
      if (file.location().endsWith(METADATA_SUFFIX)) {
        throw refused(file.location(), folderOf(folderOf(file.location())));
      }
    }
    for (String location : locations) {
      Optional<String> table = tableAround(location, s3);
      if (table.isPresent()) {
        throw refused(location, table.get());
      }
    }
    // A glob or a folder can reach below its static part into a table's folder: each folder the
    // resolved files lie in is checked too, once.
    Set<String> checked = new HashSet<>();
    for (InputFile file : files) {
      String folder = folderOf(file.location());
      if (checked.add(folder)) {
        Optional<String> table = tableAround(folder, s3);
        if (table.isPresent()) {
          throw refused(file.location(), table.get());
        }
      }
    }
  }

  /** The location of the table whose folder holds {@code location}, if any. */
  static Optional<String> tableAround(String location, FileIO s3) {
    String folder = staticPart(location);
    if (InputFiles.isRemote(location)) {
      if (!(s3 instanceof SupportsPrefixOperations prefixes)) {
        return Optional.empty();
      }
      int bucketEnd = location.indexOf('/', location.indexOf("://") + 3);
      for (String candidate = folder;
          candidate.length() > bucketEnd && bucketEnd > 0;
          candidate = folderOf(candidate)) {
        if (holdsMetadata(prefixes, candidate)) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    }
    for (Path candidate = Paths.get(folder).toAbsolutePath().normalize();
        candidate != null;
        candidate = candidate.getParent()) {
      if (holdsMetadata(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  private static boolean holdsMetadata(SupportsPrefixOperations prefixes, String folder) {
    try {
      for (FileInfo info : prefixes.listPrefix(folder + "/metadata/")) {
        if (info.location().endsWith(METADATA_SUFFIX)) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException notAllowed) {
      // Credentials limited to the input's own prefix cannot list folders above it: such a folder
      // is not a table this load could be reading.
      return false;
    }
  }

  private static boolean holdsMetadata(Path folder) {
    Path metadata = folder.resolve("metadata");
    if (!Files.isDirectory(metadata)) {
      return false;
    }
    try (DirectoryStream<Path> found = Files.newDirectoryStream(metadata, "*" + METADATA_SUFFIX)) {
      return found.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + metadata + ": " + e.getMessage(), e);
    }
  }

  /** The location without its glob and trailing slash: the folder or file it starts from. */
  private static String staticPart(String location) {
    int glob = -1;
    for (int i = 0; i < location.length() && glob < 0; i++) {
      if ("*?[{".indexOf(location.charAt(i)) >= 0) {
        glob = i;
      }
    }
    String path =
        glob < 0 ? location : location.substring(0, Math.max(location.lastIndexOf('/', glob), 0));
    while (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  private static String folderOf(String location) {
    int slash = location.lastIndexOf('/');
    return slash <= 0 ? "" : location.substring(0, slash);
  }

  private static BadInputException refused(String input, String table) {
    return new BadInputException(
        input,
        "it is inside the Iceberg table at "
            + table
            + ": its files include data that snapshots replaced and deletes that hide rows, so"
            + " reading them as plain files gives wrong rows. Copy a table through an engine"
            + " instead (for example Spark: INSERT INTO target SELECT * FROM source)");
  }
}
