package dev.firn.bench.core;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classpath of Iceberg's reference REST server, as the build resolved it from {@code
 * reference/pom.xml} into {@code target/reference-classpath.txt}.
 */
public record ReferenceClasspath(List<Path> entries) {
  static final String FILE_NAME = "reference-classpath.txt";
  private static final Pattern ICEBERG_CORE = Pattern.compile("iceberg-core-([0-9][^-/]*)\\.jar");

  public ReferenceClasspath {
    entries = List.copyOf(entries);
  }

  public static ReferenceClasspath read(Path buildDirectory) {
    Path file = buildDirectory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "Missing "
              + file
              + ": build the benchmark with ./mvnw -Pbench -pl infra/bench -am package"
              + " -DskipTests");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      List<Path> entries =
          Stream.of(text.split(File.pathSeparator))
              .filter(entry -> !entry.isBlank())
              .map(Path::of)
              .toList();
      for (Path entry : entries) {
        if (!Files.exists(entry)) {
          throw new IllegalStateException(
              "The reference classpath names a missing file, " + entry + ": rebuild the benchmark");
        }
      }
      return new ReferenceClasspath(entries);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The Iceberg version the reference server runs, from its {@code iceberg-core} jar. */
  public String icebergVersion() {
    for (Path entry : entries) {
      Matcher core = ICEBERG_CORE.matcher(entry.getFileName().toString());
      if (core.matches()) {
        return core.group(1);
      }
    }
    return "unknown";
  }

  public String asArgument() {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }
}
