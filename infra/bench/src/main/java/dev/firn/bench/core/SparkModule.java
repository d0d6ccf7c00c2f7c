package dev.firn.bench.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The Spark engine as its module's build leaves it: the runtime classpath written at package time,
 * the module's jar, and the Java options its pom declares for any JVM running Spark.
 *
 * @param classpath the child's class path: the module's runtime libraries and its jar
 * @param javaOptions the {@code --add-opens} options from {@code spark.java.options}
 * @param sparkVersion Spark's version, from its core jar
 * @param icebergVersion the version of Iceberg's Spark runtime
 */
public record SparkModule(
    String classpath, List<String> javaOptions, String sparkVersion, String icebergVersion) {
  static final String BUILD_COMMAND = "./mvnw -q -Pbench -DskipTests package -pl infra/bench -am";
  private static final String OPTIONS_PROPERTY = "spark.java.options";

  /**
   * The Spark engine in {@code directory}, or when null in {@code maintenance/spark} under the
   * repository root that holds this benchmark's build folder, with the benchmark's Spark side
   * ({@code infra/bench-spark}) of that repository.
   */
  static SparkModule find(Path directory) {
    Path root = BenchFolders.repository();
    return locate(
        directory != null ? directory : root.resolve("maintenance/spark"),
        root.resolve("infra/bench-spark"));
  }

  /** Reads the two modules' build outputs, or says how to make them. */
  static SparkModule locate(Path directory, Path benchSparkDirectory) {
    Path classpathFile = directory.resolve("target/classpath.txt");
    Path jar = directory.resolve("target/firn-maintenance-spark.jar");
    Path pom = directory.resolve("pom.xml");
    Path benchClasspathFile = benchSparkDirectory.resolve("target/classpath.txt");
    Path benchJar = benchSparkDirectory.resolve("target/firn-bench-spark.jar");
    for (Path required : List.of(pom, classpathFile, jar, benchClasspathFile, benchJar)) {
      if (!Files.isRegularFile(required)) {
        throw new IllegalStateException(
            "The Spark engine is not built: "
                + required
                + " is missing. Build it from the repository root with: "
                + BUILD_COMMAND);
      }
    }
    try {
      List<String> libraries = entries(classpathFile);
      List<String> benchLibraries = entries(benchClasspathFile);
      String classpath =
          String.join(
              File.pathSeparator,
              String.join(File.pathSeparator, libraries),
              jar.toAbsolutePath().toString(),
              String.join(File.pathSeparator, benchLibraries),
              benchJar.toAbsolutePath().toString());
      return new SparkModule(
          classpath,
          javaOptions(pom),
          manifestVersion(library(libraries, "spark-core_")),
          icebergVersion(library(libraries, "iceberg-spark-runtime-")));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Spark engine's build in " + directory, e);
    }
  }

  private static List<String> entries(Path classpathFile) throws IOException {
    return Arrays.stream(Files.readString(classpathFile, StandardCharsets.UTF_8).trim().split(":"))
        .filter(entry -> !entry.isBlank())
        .toList();
  }

  private static List<String> javaOptions(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom.toFile());
      NodeList nodes = document.getElementsByTagName(OPTIONS_PROPERTY);
      if (nodes.getLength() == 0) {
        throw new IllegalStateException("No " + OPTIONS_PROPERTY + " property in " + pom);
      }
      return Arrays.stream(nodes.item(0).getTextContent().trim().split("\\s+")).toList();
    } catch (IOException
        | javax.xml.parsers.ParserConfigurationException
        | org.xml.sax.SAXException e) {
      throw new IllegalStateException("Cannot read " + OPTIONS_PROPERTY + " from " + pom, e);
    }
  }

  private static Path library(List<String> libraries, String namePrefix) {
    return libraries.stream()
        .map(Path::of)
        .filter(path -> path.getFileName().toString().startsWith(namePrefix))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("No " + namePrefix + "* jar on the Spark classpath"));
  }

  private static String manifestVersion(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      String version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version == null ? "unknown" : version;
    }
  }

  private static String icebergVersion(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      var entry = file.getJarEntry("iceberg-build.properties");
      if (entry == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      try (InputStream in = file.getInputStream(entry)) {
        properties.load(in);
      }
      return properties.getProperty("git.build.version", "unknown");
    }
  }
}
