package dev.firn.catalog.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;

/**
 * Finds a table's newest committed metadata file from the one the journal names, by the metadata
 * files' own history, never by their times.
 *
 * <p>Each metadata file names the file it was made from (the last entry of its {@code
 * metadata-log}), and a client makes a new version only from one the catalog served as current: so
 * every file some other file was made from was committed. From the journal's file the walk follows
 * committed files forward. Where it stops, a file made from the last committed one that nothing was
 * made from yet may be the last commit, or an attempt whose swap never happened (its node died in
 * between): no file says which, and recovery asks rather than guesses.
 */
final class MetadataChain {
  private MetadataChain() {}

  /**
   * The outcome for one table.
   *
   * @param newest the newest committed metadata file, or null when the history does not tell
   * @param candidates when it does not: the files that may be the newest
   * @param problem when it does not: why
   * @param abandoned files of attempts that certainly never committed (made from a file that then
   *     had another successor)
   */
  record Outcome(String newest, List<String> candidates, String problem, int abandoned) {
    static Outcome of(String newest, int abandoned) {
      return new Outcome(newest, List.of(), null, abandoned);
    }

    static Outcome unclear(List<String> candidates, String problem) {
      return new Outcome(null, candidates, problem, 0);
    }
  }

  static Outcome table(FileIO io, Iterable<FileInfo> folder, String recorded) {
    Set<String> files = metadataFiles(folder);
    if (!files.contains(recorded)) {
      return gone(files, recorded);
    }
    TableMetadata start = TableMetadataParser.read(io, recorded);
    int from = version(recorded);
    // Files made since the journal's one: every later version, and any file whose name has none.
    Map<String, String> madeFrom = new HashMap<>();
    List<String> unplaced = new ArrayList<>();
    for (String file : files) {
      int version = version(file);
      if (file.equals(recorded) || (version >= 0 && version < from)) {
        continue;
      }
      TableMetadata metadata;
      try {
        metadata = TableMetadataParser.read(io, file);
      } catch (RuntimeException unreadable) {
        continue;
      }
      if (!start.uuid().equals(metadata.uuid())) {
        continue;
      }
      if (metadata.previousFiles().isEmpty()) {
        unplaced.add(file);
        continue;
      }
      madeFrom.put(file, metadata.previousFiles().get(metadata.previousFiles().size() - 1).file());
    }
    if (!unplaced.isEmpty()) {
      List<String> candidates = new ArrayList<>(List.of(recorded));
      candidates.addAll(unplaced);
      return Outcome.unclear(
          candidates, "later metadata files name no file they were made from: " + unplaced);
    }
    Set<String> committed = new HashSet<>(madeFrom.values());
    committed.add(recorded);
    Map<String, List<String>> successors = new HashMap<>();
    madeFrom.forEach(
        (file, parent) -> successors.computeIfAbsent(parent, k -> new ArrayList<>()).add(file));

    String newest = recorded;
    while (true) {
      List<String> next =
          successors.getOrDefault(newest, List.of()).stream().filter(committed::contains).toList();
      if (next.size() > 1) {
        return Outcome.unclear(
            sorted(next),
            "its history forks after "
                + newest
                + ": more than one file was made from it and built on");
      }
      if (next.isEmpty()) {
        break;
      }
      newest = next.get(0);
    }
    List<String> open =
        successors.getOrDefault(newest, List.of()).stream()
            .filter(file -> !committed.contains(file))
            .toList();
    if (!open.isEmpty()) {
      List<String> candidates = new ArrayList<>();
      candidates.add(newest);
      candidates.addAll(sorted(open));
      return Outcome.unclear(
          candidates,
          "its last commit may not have applied: "
              + String.join(", ", sorted(open))
              + " was made from "
              + newest
              + " and nothing was made from it since");
    }
    int abandoned = 0;
    for (String file : madeFrom.keySet()) {
      if (!committed.contains(file)) {
        abandoned++;
      }
    }
    return Outcome.of(newest, abandoned);
  }

  /**
   * A view's: the journal's file, unless later versions of the view's metadata exist, which its
   * history cannot order.
   */
  static Outcome view(Iterable<FileInfo> folder, String recorded) {
    Set<String> files = metadataFiles(folder);
    if (!files.contains(recorded)) {
      return gone(files, recorded);
    }
    int from = version(recorded);
    List<String> later =
        files.stream().filter(file -> !file.equals(recorded) && version(file) > from).toList();
    if (later.isEmpty()) {
      return Outcome.of(recorded, 0);
    }
    List<String> candidates = new ArrayList<>();
    candidates.add(recorded);
    candidates.addAll(later);
    return Outcome.unclear(
        candidates, "later versions of the view were written after the journal's: " + later);
  }

  private static Set<String> metadataFiles(Iterable<FileInfo> folder) {
    Set<String> files = new TreeSet<>();
    for (FileInfo file : folder) {
      if (file.location().endsWith(".metadata.json")) {
        files.add(file.location());
      }
    }
    return files;
  }

  private static Outcome gone(Set<String> files, String recorded) {
    return Outcome.unclear(
        List.copyOf(files), "the metadata file the journal names is gone: " + recorded);
  }

  private static List<String> sorted(List<String> files) {
    return new ArrayList<>(new TreeSet<>(files));
  }

  /** The version number Iceberg starts a metadata file's name with, or -1 when it has none. */
  static int version(String location) {
    String name = location.substring(location.lastIndexOf('/') + 1);
    int dash = name.indexOf('-');
    if (dash <= 0) {
      return -1;
    }
    try {
      return Integer.parseInt(name.substring(0, dash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
