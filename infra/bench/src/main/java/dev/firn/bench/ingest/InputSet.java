package dev.firn.bench.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * Generated input files of one format.
 *
 * @param format the files' format
 * @param files the files, in order
 * @param bytes their total size
 * @param rows the rows they hold
 */
public record InputSet(InputFormat format, List<Path> files, long bytes, long rows) {
  public InputSet {
    files = List.copyOf(files);
  }
}
