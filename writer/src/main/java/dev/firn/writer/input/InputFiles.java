package dev.firn.writer.input;

import java.util.List;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;

/** Expands what a user names (files, directories, globs; local or {@code s3://}) into files. */
public final class InputFiles {
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
    throw new UnsupportedOperationException("input: not yet built");
  }
}
