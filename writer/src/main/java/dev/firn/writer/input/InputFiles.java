package dev.firn.writer.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;

/** Expands what a user names (files, directories, globs; local or {@code s3://}) into files. */
public final class InputFiles {
  private static final String GLOB_CHARS = "*?[{";

  private InputFiles() {}

  /**
   * The files named, in a stable order (sorted by location within each argument).
   *
   * @param locations local paths, directories (their files, recursively, skipping names starting
   *     with {@code .} or {@code _}), globs ({@code data/*.json}, {@code logs/**}), or {@code
   *     s3://bucket/key}, {@code s3://bucket/prefix/} and {@code s3://bucket/prefix/*.parquet}
   * @param s3 the FileIO that reads {@code s3://} locations (a {@code SupportsPrefixOperations} for
   *     prefixes and globs); may be null when no location is remote
   * @throws IllegalArgumentException if a location matches no file
   */
  public static List<InputFile> resolve(List<String> locations, FileIO s3) {
    List<InputFile> files = new ArrayList<>();
    for (String location : locations) {
      List<InputFile> matched = isRemote(location) ? remote(location, s3) : local(location);
      if (matched.isEmpty()) {
        throw new IllegalArgumentException("No input files match " + location);
      }
      matched.sort(Comparator.comparing(InputFile::location));
      files.addAll(matched);
    }
    return files;
  }

  static boolean isRemote(String location) {
    return location.startsWith("s3://")
        || location.startsWith("s3a://")
        || location.startsWith("s3n://");
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  /** The index of the first glob character, or -1. */
  private static int globStart(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (GLOB_CHARS.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static List<InputFile> local(String location) {
    int glob = globStart(location);
    if (glob < 0) {
      Path path = Paths.get(location);
      if (Files.isRegularFile(path)) {
        return new ArrayList<>(List.of(org.apache.iceberg.Files.localInput(path.toFile())));
      }
      return Files.isDirectory(path) ? walk(path, null) : new ArrayList<>();
    }
    int slash = location.lastIndexOf('/', glob);
    Path root = Paths.get(slash < 0 ? "." : slash == 0 ? "/" : location.substring(0, slash));
    String pattern = slash < 0 ? location : location.substring(slash + 1);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    return Files.isDirectory(root) ? walk(root, matcher) : new ArrayList<>();
  }

  /** The visible files under {@code root} whose path relative to it matches (all when null). */
  private static List<InputFile> walk(Path root, PathMatcher matcher) {
    List<InputFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .filter(Files::isRegularFile)
          .filter(path -> visible(root, path))
          .filter(path -> matcher == null || matcher.matches(root.relativize(path)))
          .forEach(path -> files.add(org.apache.iceberg.Files.localInput(path.toFile())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static boolean visible(Path root, Path path) {
    for (Path part : root.relativize(path)) {
      if (hidden(part.toString())) {
        return false;
      }
    }
    return true;
  }

  private static List<InputFile> remote(String location, FileIO io) {
    if (io == null) {
      throw new IllegalArgumentException("Cannot read " + location + ": no S3 FileIO configured");
    }
    int keyStart = location.indexOf('/', location.indexOf("://") + 3);
    int glob = globStart(location);
    if (glob < 0 && !location.endsWith("/")) {
      InputFile file = io.newInputFile(location);
      return file.exists() ? new ArrayList<>(List.of(file)) : new ArrayList<>();
    }
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      throw new IllegalArgumentException(
          "Cannot list " + location + ": the FileIO does not support listing prefixes");
    }
    String prefix =
        glob < 0 ? location : location.substring(0, location.lastIndexOf('/', glob) + 1);
    PathMatcher matcher =
        glob < 0
            ? null
            : FileSystems.getDefault()
                .getPathMatcher("glob:" + location.substring(prefix.length()));
    List<InputFile> files = new ArrayList<>();
    for (FileInfo info : prefixes.listPrefix(prefix)) {
      String relative = info.location().substring(Math.max(prefix.length(), keyStart + 1));
      if (remoteMatch(relative, matcher)) {
        files.add(io.newInputFile(info.location(), info.size()));
      }
    }
    return files;
  }

  private static boolean remoteMatch(String relative, PathMatcher matcher) {
    if (relative.isEmpty() || relative.endsWith("/")) {
      return false;
    }
    for (String part : relative.split("/")) {
      if (hidden(part)) {
        return false;
      }
    }
    return matcher == null || matcher.matches(Paths.get(relative));
  }
}
