package dev.firn.bench.core;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where a benchmark run keeps its files, and the version it reports. */
public final class BenchFolders {
  private BenchFolders() {}

  /** The build's target folder: where the jar, or the classes folder, lies. */
  static Path buildDirectory() {
    try {
      Path location =
          Path.of(BenchFolders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.toAbsolutePath().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot find the benchmark's build folder", e);
    }
  }

  /** The repository root that holds the benchmark's build folder, {@code infra/bench/target}. */
  public static Path repository() {
    return buildDirectory().getParent().getParent().getParent();
  }

  /** The folder, emptied if it exists. */
  public static Path freshDirectory(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return Files.createDirectories(directory);
  }

  /** The version in the jar's manifest. */
  public static String versionOf(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "(development build)" : version;
  }
}
