package dev.firn.cli;

import dev.firn.maintenance.engine.SparkJobProcess;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where {@code firn serve} sends the maintenance of tables too large for one machine: a Spark
 * master, the size from which a table's jobs go there, the file listing the Spark engine's
 * classpath, and extra Spark or catalog settings. Without a master the Spark engine is off and
 * every job runs in Firn's own process.
 *
 * @param master a Spark master URL ({@code local[4]}, {@code spark://host:7077}, ...), or null
 * @param minTableSize the current snapshot's {@code total-files-size} from which a table's jobs run
 *     on Spark
 * @param classpath a file listing the Spark engine's classpath; a {@value
 *     SparkJobProcess#ENGINE_JAR} next to it joins the classpath. Null when unknown, which only a
 *     disabled engine allows
 * @param conf extra {@code spark.*} settings for Spark, others for the Iceberg catalog
 */
record SparkSettings(String master, long minTableSize, Path classpath, Map<String, String> conf) {
  static final String MASTER = "maintenance.spark.master";
  static final String MIN_TABLE_SIZE = "maintenance.spark.min-table-size";
  static final long MIN_TABLE_SIZE_DEFAULT = 50L << 30;
  static final String CLASSPATH = "maintenance.spark.classpath";
  static final String CONF = "maintenance.spark.conf";

  static final List<String> KEYS = List.of(MASTER, MIN_TABLE_SIZE, CLASSPATH, CONF);

  /** Where a build of Firn's repository leaves the classpath file, from the repository's root. */
  static final Path BUILT_CLASSPATH = Path.of("maintenance", "spark", "target", "classpath.txt");

  /** Where a build leaves the firn command's jar and classes, from the repository's root. */
  private static final Path FIRN_BUILD = Path.of("infra", "cli", "target");

  private static final Pattern MASTER_URL =
      Pattern.compile(
          "local(\\[[^\\]\\s]+\\])?|local-cluster\\[[^\\]\\s]+\\]|yarn|(spark|k8s|mesos)://\\S+");
  private static final Pattern CONF_KEY = Pattern.compile("[A-Za-z0-9_.-]+");

  SparkSettings {
    if (master != null && !MASTER_URL.matcher(master).matches()) {
      throw new UsageException(
          "Invalid "
              + MASTER
              + ": "
              + master
              + " (must be a Spark master URL such as local[4], spark://host:7077, yarn or"
              + " k8s://https://host:443)");
    }
    if (minTableSize < 0) {
      throw new UsageException(
          "Invalid " + MIN_TABLE_SIZE + ": " + minTableSize + " (must not be negative)");
    }
    if (master != null && classpath == null) {
      throw new UsageException(
          "Missing "
              + CLASSPATH
              + ": firn does not run from a build of its repository, so set it to the file"
              + " listing the Spark engine's classpath");
    }
    conf = Collections.unmodifiableMap(new LinkedHashMap<>(conf));
  }

  /** Whether the Spark engine is on. */
  boolean enabled() {
    return master != null;
  }

  static SparkSettings from(Settings settings, Path firnCode) {
    String master = settings.get(MASTER);
    String classpathText = settings.get(CLASSPATH);
    Path classpath =
        classpathText != null
            ? Path.of(classpathText).toAbsolutePath()
            : defaultClasspath(firnCode);
    SparkSettings spark =
        new SparkSettings(
            master,
            settings.bytesValue(MIN_TABLE_SIZE, MIN_TABLE_SIZE_DEFAULT),
            classpath,
            conf(settings.get(CONF)));
    if (spark.enabled() && !Files.isRegularFile(spark.classpath())) {
      throw new UsageException(
          "Invalid "
              + CLASSPATH
              + ": "
              + classpath
              + " does not exist (build the Spark engine with ./mvnw -q package -DskipTests -pl"
              + " maintenance/spark -am, or point "
              + CLASSPATH
              + " at a file listing its classpath)");
    }
    return spark;
  }

  /**
   * The classpath file of the Spark engine in the repository that the firn command was built in, or
   * null when it does not run from a build ({@code infra/cli/target/firn-cli.jar} or {@code
   * infra/cli/target/classes}).
   *
   * @param firnCode the firn command's jar or classes folder
   */
  static Path defaultClasspath(Path firnCode) {
    if (firnCode == null) {
      return null;
    }
    Path build = firnCode.toAbsolutePath().normalize().getParent();
    if (build == null || !build.endsWith(FIRN_BUILD)) {
      return null;
    }
    Path root = build;
    for (int i = 0; i < FIRN_BUILD.getNameCount(); i++) {
      root = root.getParent();
    }
    return root.resolve(BUILT_CLASSPATH);
  }

  /** The jar or classes folder this class was loaded from, or null. */
  static Path firnCode() {
    try {
      var source = SparkSettings.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return null;
    }
  }

  private static Map<String, String> conf(String text) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (text == null) {
      return conf;
    }
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? "" : pair.substring(0, equals).trim();
      if (!CONF_KEY.matcher(key).matches()) {
        throw new UsageException(
            "Invalid "
                + CONF
                + ": "
                + (equals < 0 ? pair.trim() : key + "=...")
                + " (must be key=value pairs separated by commas, such as"
                + " spark.executor.memory=8g,spark.executor.cores=4)");
      }
      conf.put(key, pair.substring(equals + 1).trim());
    }
    return conf;
  }
}
